using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Gateway.Tests.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Security.BindingTokens;
using Microsoft.Extensions.Logging;

namespace GuestSync.Gateway.Tests.Configuration;

/// <summary>
/// Every reloadable setting, changed while the gateway runs by rewriting a settings file it watches:
/// an invalid value is logged once, naming the setting, and the last good settings keep serving; a valid value applies.
/// </summary>
public sealed class SettingsReloadTests
{
    private const string Rejected = "settings reload rejected";

    [Fact]
    public async Task Invalid_profiles_reload_is_logged_once_and_posts_keep_syncing_then_a_valid_one_applies()
    {
        await using var host = await StartAsync();

        await WriteSettingsAsync(host, new() { ["Profiles:default:Fields:email:Target"] = "email" });
        var warning = await SingleRejectionAsync(host, "Profiles");
        Assert.Contains("Profiles:default:Fields:email:Target", warning, StringComparison.Ordinal);
        await AssertSyncsAsync(host);

        await WriteSettingsAsync(host, new() { ["Profiles:default:SuccessUrl"] = "/thanks" });
        await WaitForAppliedAsync(host, "Profiles");
        using var html = await PostAsync(host, accept: "text/html");
        Assert.Equal(HttpStatusCode.SeeOther, html.StatusCode);
        Assert.Equal("/thanks", html.Headers.Location?.OriginalString);
        Assert.Single(Warnings(host));
    }

    [Fact]
    public async Task Enrich_profile_whose_longest_envelope_does_not_fit_is_rejected_on_reload_as_at_start()
    {
        await using var host = await StartAsync();
        var web = Proxy.ContactsEnrichEndToEndTests.WebProfile();
        web["Profiles:web:Fields:email:MaxLength"] = "254";

        await WriteSettingsAsync(host, web);

        var warning = await SingleRejectionAsync(host, "Profiles");
        Assert.Contains("Profiles:web:Fields:email can produce a Jwe envelope of 1297 characters (MaxLength 254)", warning, StringComparison.Ordinal);
        await AssertSyncsAsync(host);
    }

    [Fact]
    public async Task Invalid_binding_reload_is_logged_once_and_posts_keep_syncing_then_a_valid_one_applies()
    {
        await using var host = await StartAsync();

        await WriteSettingsAsync(host, new() { ["Profiles:default:Binding:Secret"] = "too-short" });
        var warning = await SingleRejectionAsync(host, "Profiles");
        Assert.Contains("Profiles:default:Binding:Secret must be at least 32 bytes", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", warning, StringComparison.Ordinal);
        await AssertSyncsAsync(host);

        await WriteSettingsAsync(host, new()
        {
            ["Profiles:default:Binding:Required"] = "true",
            ["Profiles:default:Binding:Secret"] = TestBindingTokens.Secret,
            ["Profiles:default:Binding:Issuer"] = TestBindingTokens.Issuer,
            ["Profiles:default:Binding:Audience"] = TestBindingTokens.Audience,
        });
        await WaitForAppliedAsync(host, "Profiles");
        using var unbound = await PostAsync(host);
        Assert.Equal(HttpStatusCode.Unauthorized, unbound.StatusCode);
        Assert.Single(Warnings(host));
    }

    [Fact]
    public async Task Invalid_origins_reload_is_logged_once_and_posts_keep_syncing_then_a_valid_one_applies()
    {
        await using var host = await StartAsync();

        await WriteSettingsAsync(host, new() { ["Profiles:default:AllowedOrigins:0"] = "https://shop.example.com/*" });
        var warning = await SingleRejectionAsync(host, "Profiles");
        Assert.Contains("Profiles:default:AllowedOrigins:0 must be an origin", warning, StringComparison.Ordinal);
        await AssertSyncsAsync(host);
        using (var refused = await PostAsync(host, origin: "https://shop.example.com"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await WriteSettingsAsync(host, new() { ["Profiles:default:AllowedOrigins:0"] = "https://shop.example.com" });
        await WaitForAppliedAsync(host, "Profiles");
        using var allowed = await PostAsync(host, origin: "https://shop.example.com");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Single(Warnings(host));
    }

    [Fact]
    public async Task Invalid_organization_reload_is_logged_once_and_posts_keep_syncing_then_a_valid_one_applies()
    {
        await using var host = await StartAsync();

        await WriteSettingsAsync(host, new() { ["Genesys:TokenRequestTimeout"] = "-00:00:01" });
        var warning = await SingleRejectionAsync(host, "Genesys");
        Assert.Contains("Genesys:TokenRequestTimeout must be positive", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHost.ClientSecret, warning, StringComparison.Ordinal);
        await AssertSyncsAsync(host);

        var emea = new Dictionary<string, string?>
        {
            ["Genesys:Orgs:emea:ApiBaseUrl"] = host.Emulator.BaseAddress.ToString(),
            ["Genesys:Orgs:emea:LoginBaseUrl"] = host.Emulator.BaseAddress.ToString(),
            ["Genesys:Orgs:emea:ClientId"] = GatewayHost.ClientId,
            ["Genesys:Orgs:emea:ClientSecret"] = GatewayHost.ClientSecret,
        };
        await WriteSettingsAsync(host, emea);
        await WaitForAppliedAsync(host, "Genesys");
        await WriteSettingsAsync(host, emea, proxyJson: TwoOrgProxyJson);
        using var toEmea = await PostWhenRoutedAsync(host, "/api/emea/profile-sync");
        Assert.Equal(HttpStatusCode.OK, toEmea.StatusCode);
        Assert.Single(Warnings(host));
    }

    [Fact]
    public async Task Invalid_resilience_reload_is_logged_once_and_posts_keep_syncing_then_a_valid_one_applies()
    {
        await using var host = await StartAsync();
        await AssertSyncsAsync(host); // the pipeline exists before the change

        await WriteSettingsAsync(host, new() { ["Genesys:Resilience:MaxAttempts"] = "9" });
        var warning = await SingleRejectionAsync(host, "Genesys");
        Assert.Contains("Genesys:Resilience:MaxAttempts must be between 1 and 5", warning, StringComparison.Ordinal);
        await AssertSyncsAsync(host);

        await WriteSettingsAsync(host, new()
        {
            ["Genesys:Resilience:RequestsPerMinute"] = "1",
            ["Genesys:Resilience:ThrottleQueueLimit"] = "0",
        });
        await WaitForAppliedAsync(host, "Genesys");
        await AssertSyncsAsync(host);
        using var throttled = await PostAsync(host);
        Assert.Equal(HttpStatusCode.Accepted, throttled.StatusCode); // the throttle's queue is full: queued
        Assert.Single(Warnings(host));
    }

    [Fact]
    public async Task Invalid_key_set_reload_is_logged_once_and_posts_keep_syncing_then_a_valid_one_applies()
    {
        await using var host = await StartAsync();

        await WriteSettingsAsync(host, new() { ["Encryption:ActiveKeyId"] = "not-in-the-set" });
        var warning = await SingleRejectionAsync(host, "Encryption");
        Assert.Contains("Encryption:ActiveKeyId 'not-in-the-set' is not in", warning, StringComparison.Ordinal);
        await AssertSyncsAsync(host);
        Assert.Equal(host.Keys.KeyId, LastKid(host));

        var key = TestKeySets.NewKey();
        await WriteSettingsAsync(host, new()
        {
            ["Encryption:KeySet"] = TestKeySets.Json(("2026-12", key)),
            ["Encryption:ActiveKeyId"] = "2026-12",
        });
        await WaitForAppliedAsync(host, "Encryption");
        await AssertSyncsAsync(host);
        Assert.Equal("2026-12", LastKid(host));
        Assert.Single(Warnings(host));
    }

    private static string TwoOrgProxyJson => """
        {
          "ReverseProxy": {
            "Routes": {
              "profile-sync": {
                "ClusterId": "genesys-default",
                "Match": { "Path": "/api/profile-sync" },
                "Transforms": [ { "GuestProfilePatch": "default" } ]
              },
              "emea": {
                "ClusterId": "genesys-emea",
                "Match": { "Path": "/api/emea/profile-sync" },
                "Transforms": [ { "GuestProfilePatch": "default" } ]
              }
            },
            "Clusters": {
              "genesys-default": { "Metadata": { "GenesysOrg": "default" } },
              "genesys-emea": { "Metadata": { "GenesysOrg": "emea" } }
            }
          }
        }
        """;

    private static async Task<GatewayHost> StartAsync()
    {
        var host = await GatewayHost.StartAsync(watchSettings: true);
        await AssertSyncsAsync(host); // started, and every settings file is watched
        return host;
    }

    /// <summary>
    /// Rewrites the watched settings file with <paramref name="settings"/>, then (when given) the route file with
    /// <paramref name="proxyJson"/>, each atomically: the route file carries routes only.
    /// </summary>
    private static async Task WriteSettingsAsync(GatewayHost host, Dictionary<string, string?> settings, string? proxyJson = null)
    {
        var json = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = json;
            foreach (var part in parts[..^1])
            {
                node = (node[part] ??= new JsonObject()).AsObject();
            }

            node[parts[^1]] = value;
        }

        await ReplaceAsync(host.SettingsPath, json.ToJsonString());
        if (proxyJson is not null)
        {
            await ReplaceAsync(host.ProxyConfigPath, proxyJson);
        }
    }

    private static async Task ReplaceAsync(string path, string content)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    private static IEnumerable<string> Warnings(GatewayHost host) =>
        host.Factory.Logs.Entries.Where(entry => entry.Level == LogLevel.Warning && entry.Message.Contains(Rejected, StringComparison.Ordinal))
            .Select(entry => entry.Message);

    /// <summary>Waits for the rejection, then for a later valid reload of the same section, so "once" is checked after the dust settled.</summary>
    private static async Task<string> SingleRejectionAsync(GatewayHost host, string section)
    {
        await EventuallyAsync(() => Warnings(host).Any());
        var warning = Assert.Single(Warnings(host));
        Assert.StartsWith($"{section} {Rejected}", warning, StringComparison.Ordinal);
        return warning;
    }

    private static Task WaitForAppliedAsync(GatewayHost host, string section) =>
        EventuallyAsync(() => host.Factory.Logs.Entries.Count(entry => entry.Message.StartsWith($"{section} settings applied", StringComparison.Ordinal)) > 0);

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task AssertSyncsAsync(GatewayHost host)
    {
        using var response = await PostAsync(host);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(GatewayHost host, string path = "/api/profile-sync", string? accept = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ProfileForms.UrlEncoded(ProfileForms.Valid()) };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return host.Client.SendAsync(request);
    }

    /// <summary>Posts to a route that a proxy.json rewrite is adding, once YARP has applied it.</summary>
    private static async Task<HttpResponseMessage> PostWhenRoutedAsync(GatewayHost host, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var response = await PostAsync(host, path);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(20, timeout.Token);
        }
    }

    private static string LastKid(GatewayHost host)
    {
        var patch = host.Patches()[^1];
        var value = JsonDocument.Parse(patch.Body).RootElement.EnumerateArray().First(op => op.GetProperty("path").GetString() == "/email");
        return JweReader.Kid(value.GetProperty("value").GetString()!);
    }
}
