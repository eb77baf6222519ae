using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Security.BindingTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Security.Redaction;

public sealed class LogRedactionTests
{
    private readonly List<string> _secrets = [];
    private readonly List<string> _answers = [];
    private readonly HashSet<string> _guestIds = new(StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, string> Form(int n) => new()
    {
        ["guestId"] = Guid.NewGuid().ToString(),
        ["name"] = $"Zebedee Quixote{n}",
        ["email"] = $"zq.marker{n}@example.net",
        ["phone"] = $"+4477009001{n:00}",
    };

    private async Task<HttpStatusCode> PostAsync(GatewayHost host, Dictionary<string, string> fields, string? token)
    {
        _secrets.AddRange(fields.Values);
        _secrets.Add(fields["guestId"].ToUpperInvariant());
        _guestIds.Add(fields["guestId"]);
        if (token is not null)
        {
            fields["bindingToken"] = token;
            _secrets.Add(token);
            _secrets.Add(token.Split('.')[^1]);
        }

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));
        _answers.Add(await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    private Task<HttpStatusCode> PostValidAsync(GatewayHost host, int n)
    {
        var fields = Form(n);
        return PostAsync(host, fields, TestBindingTokens.Hs256(fields["guestId"]));
    }

    [Fact]
    public async Task A_full_run_leaves_no_personal_value_guest_id_token_secret_or_key_in_logs_or_answers()
    {
        await using var host = await GatewayHost.StartAsync(settings: TestBindingTokens.RequiredSettings());
        var statuses = new List<HttpStatusCode>();

        statuses.Add(await PostValidAsync(host, 1));

        var invalid = Form(2);
        invalid["email"] = "zq.invalid.marker@@example.net";
        invalid["phone"] = "0-zq-not-a-phone";
        statuses.Add(await PostAsync(host, invalid, TestBindingTokens.Hs256(invalid["guestId"])));

        var forged = Form(3);
        statuses.Add(await PostAsync(host, forged, TestBindingTokens.Hs256(forged["guestId"], secret: "forged-secret-forged-secret-forged-secret!")));
        var otherGuest = Form(4);
        statuses.Add(await PostAsync(host, otherGuest, TestBindingTokens.Hs256(Guid.NewGuid().ToString())));
        statuses.Add(await PostAsync(host, Form(5), token: null));

        host.Emulator.Faults.FailNext("/api/v2/guests", 500);
        statuses.Add(await PostValidAsync(host, 6));
        host.Emulator.Faults.FailNext("/api/v2/guests", 429, retryAfter: "3");
        statuses.Add(await PostValidAsync(host, 7));
        host.Emulator.Faults.FailNext("/api/v2/guests", 400);
        statuses.Add(await PostValidAsync(host, 8));
        host.Emulator.Faults.DropNext("/api/v2/guests");
        statuses.Add(await PostValidAsync(host, 9));
        host.Emulator.Faults.FailNext("/api/v2/guests", 401, count: 2);
        statuses.Add(await PostValidAsync(host, 10));

        host.Emulator.RevokeAllTokens();
        host.Emulator.Faults.TokenEndpointDown = true;
        statuses.Add(await PostValidAsync(host, 11));
        host.Emulator.Faults.TokenEndpointDown = false;
        statuses.Add(await PostValidAsync(host, 12));

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.Forbidden, statuses);
        Assert.Contains(HttpStatusCode.Accepted, statuses); // Genesys failing: queued

        _secrets.Add(GatewayHost.ClientSecret);
        _secrets.Add(TestBindingTokens.Secret);
        _secrets.Add(Convert.ToBase64String(host.Keys.Key));
        _secrets.Add(Base64UrlEncoder.Encode(host.Keys.Key));
        _secrets.AddRange(host.Emulator.ReceivedRequests.Select(r => r.BearerToken).OfType<string>());
        Assert.Contains(host.Emulator.ReceivedRequests, r => r.BearerToken is not null);

        var lines = host.Factory.Logs.Entries.Select(e => e.Message).ToList();
        Assert.NotEmpty(lines);
        foreach (var secret in _secrets.Where(s => s.Length >= 6).Distinct())
        {
            Assert.False(lines.Any(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase)), lines.FirstOrDefault(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase)));
            // A success answer names the guest back to the browser that posted it; nothing else may echo anything.
            if (_guestIds.Contains(secret))
            {
                continue;
            }

            Assert.False(_answers.Any(answer => answer.Contains(secret, StringComparison.OrdinalIgnoreCase)), _answers.FirstOrDefault(answer => answer.Contains(secret, StringComparison.OrdinalIgnoreCase)));
        }
    }

    [Fact]
    public async Task Accepted_posts_log_the_guest_as_a_keyed_hash_stable_across_spellings_and_restarts()
    {
        var settings = TestBindingTokens.RequiredSettings();
        settings["Security:Redaction:GuestIdHashKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7)).ToArray());
        var guest = Guid.NewGuid().ToString();

        // The submission's own line (event 1100) names the guest by its hash.
        string HashLine(GatewayHost host) => (string)Assert.Single(host.Factory.Logs.Entries, e => e.EventId.Id == 1100).Properties["GuestHash"]!;

        await using var first = await GatewayHost.StartAsync(settings: settings);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(first, ProfileForms.Valid(guest), TestBindingTokens.Hs256(guest)));
        await using var second = await GatewayHost.StartAsync(settings: settings);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(second, ProfileForms.Valid(guest.ToUpperInvariant()), TestBindingTokens.Hs256(guest)));

        Assert.Equal(HashLine(first), HashLine(second));
        Assert.StartsWith("1:", HashLine(first), StringComparison.Ordinal);
        Assert.DoesNotContain(guest, HashLine(first), StringComparison.OrdinalIgnoreCase);
    }
}
