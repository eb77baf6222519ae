using System.Net;
using System.Text;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Security.BindingTokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>The binding token's length limit is one rule wherever the token travels; live credentials never run open silently.</summary>
public sealed class BindingEdgeTests
{
    private static string TokenOfLength(string guest, int atLeast)
    {
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestBindingTokens.Secret)), SecurityAlgorithms.HmacSha256);
        var padding = string.Empty;
        while (true)
        {
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = TestBindingTokens.Issuer,
                Audience = TestBindingTokens.Audience,
                Expires = DateTime.UtcNow.AddMinutes(5),
                Claims = new Dictionary<string, object> { ["sub"] = guest, ["pad"] = padding },
                SigningCredentials = credentials,
            });
            if (token.Length >= atLeast)
            {
                return token;
            }

            padding += new string('p', Math.Max(1, (atLeast - token.Length) * 3 / 4));
        }
    }

    private static async Task<HttpStatusCode> PostAsync(GatewayHost host, string guest, string token, bool inHeader)
    {
        var fields = ProfileForms.Valid(guest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync");
        if (inHeader)
        {
            request.Headers.TryAddWithoutValidation("X-Guest-Binding", token);
        }
        else
        {
            fields["bindingToken"] = token;
        }

        request.Content = ProfileForms.UrlEncoded(fields);
        using var response = await host.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData(1900, true)]
    [InlineData(2600, false)]
    public async Task Binding_token_length_limit_is_the_same_in_the_header_and_the_form_field(int length, bool accepted)
    {
        await using var host = await GatewayHost.StartAsync(settings: TestBindingTokens.RequiredSettings());
        var guest = Guid.NewGuid().ToString();
        var token = TokenOfLength(guest, length);

        var header = await PostAsync(host, guest, token, inHeader: true);
        var field = await PostAsync(host, guest, token, inHeader: false);

        Assert.Equal(accepted, header == HttpStatusCode.OK);
        Assert.Equal(accepted, field == HttpStatusCode.OK);
        Assert.Equal(accepted ? 2 : 0, host.Patches().Count);
    }

    [Fact]
    public async Task Development_with_live_credentials_and_no_binding_keys_fails_the_start_unless_binding_is_turned_off_explicitly()
    {
        await using var host = await GatewayHost.StartAsync();

        var messages = await StartFailure.MessagesAsync(() => host.NewFactory(environment: "Development"));
        await using var explicitlyOff = host.NewFactory(new Dictionary<string, string?> { ["Profiles:default:Binding:Required"] = "false" }, environment: "Development");
        using var client = explicitlyOff.CreateClient();
        using var response = await client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Contains("Profiles:default:Binding:Required", messages, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
