using System.Net;
using System.Security.Cryptography;
using System.Text;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Security.BindingTokens;

public sealed class AsymmetricBindingTokenTests : IAsyncLifetime
{
    private readonly RSA _rsa = RSA.Create(2048);
    private GatewayHost _host = null!;
    private string _jwksPath = null!;

    public async Task InitializeAsync()
    {
        _jwksPath = Path.GetTempFileName();
        await File.WriteAllTextAsync(_jwksPath, TestBindingTokens.Jwks(_rsa, "site-2026"));
        _host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Profiles:default:Binding:Required"] = "true",
            ["Profiles:default:Binding:Issuer"] = TestBindingTokens.Issuer,
            ["Profiles:default:Binding:Audience"] = TestBindingTokens.Audience,
            ["Profiles:default:Binding:JwksFile"] = _jwksPath,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        File.Delete(_jwksPath);
        _rsa.Dispose();
    }

    private async Task<HttpStatusCode> PostWithAsync(Func<string, string> token)
    {
        var fields = ProfileForms.Valid();
        fields["bindingToken"] = token(fields["guestId"]);
        using var response = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));
        return response.StatusCode;
    }

    [Fact]
    public async Task Rs256_token_from_a_jwks_file_syncs()
    {
        var credentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = "site-2026" }, SecurityAlgorithms.RsaSha256);

        Assert.Equal(HttpStatusCode.OK, await PostWithAsync(guest => TestBindingTokens.Create(guest, credentials)));
    }

    [Fact]
    public async Task Hs256_token_signed_with_the_public_key_is_401_algorithm_confusion()
    {
        var publicKey = _rsa.ExportSubjectPublicKeyInfo();
        var credentials = new SigningCredentials(new SymmetricSecurityKey(publicKey), SecurityAlgorithms.HmacSha256);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostWithAsync(guest => TestBindingTokens.Create(guest, credentials)));
        Assert.DoesNotContain(_host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task Token_signed_by_another_rsa_key_is_401()
    {
        using var other = RSA.Create(2048);
        var credentials = new SigningCredentials(new RsaSecurityKey(other) { KeyId = "site-2026" }, SecurityAlgorithms.RsaSha256);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostWithAsync(guest => TestBindingTokens.Create(guest, credentials)));
    }

    [Fact]
    public async Task Hs256_token_with_the_jwks_text_as_secret_is_401()
    {
        var jwks = Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(_jwksPath));
        var credentials = new SigningCredentials(new SymmetricSecurityKey(jwks), SecurityAlgorithms.HmacSha256);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostWithAsync(guest => TestBindingTokens.Create(guest, credentials)));
    }
}
