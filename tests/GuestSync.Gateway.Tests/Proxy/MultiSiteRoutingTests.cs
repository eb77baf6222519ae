using System.Net;
using System.Text.Json;
using GuestSync.Emulator;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Proxy;

public sealed class MultiSiteRoutingTests
{
    private const string TwoSitesProxyJson = """
        {
          "ReverseProxy": {
            "Routes": {
              "site-a": {
                "ClusterId": "genesys-us",
                "Match": { "Path": "/api/profile-sync" },
                "Transforms": [ { "GuestProfilePatch": "default" } ]
              },
              "site-b": {
                "ClusterId": "genesys-emea",
                "Order": -1,
                "Match": { "Hosts": [ "site-b.example" ], "Path": "/api/profile-sync" },
                "Transforms": [ { "GuestProfilePatch": "contacts" } ]
              }
            },
            "Clusters": {
              "genesys-us": { "Metadata": { "GenesysOrg": "default" } },
              "genesys-emea": { "Metadata": { "GenesysOrg": "emea" } }
            }
          }
        }
        """;

    private static Dictionary<string, string?> EmeaSettings(GenesysEmulator emea) => new()
    {
        ["Genesys:Orgs:emea:Region"] = "eu-west-1",
        ["Genesys:Orgs:emea:ApiBaseUrl"] = emea.BaseAddress.ToString(),
        ["Genesys:Orgs:emea:LoginBaseUrl"] = emea.BaseAddress.ToString(),
        ["Genesys:Orgs:emea:ClientId"] = "emea-client",
        ["Genesys:Orgs:emea:ClientSecret"] = "emea-secret-91c2",
        ["Profiles:contacts:Dialect"] = "external-contacts",
        ["Profiles:contacts:GuestIdField"] = "contactId",
        ["Profiles:contacts:GuestIdFormat"] = "Token",
        ["Profiles:contacts:Fields:name:Target"] = "$.firstName",
        ["Profiles:contacts:Fields:name:Encrypt"] = "false",
        ["Profiles:contacts:Fields:email:Target"] = "$.customFields.emailEnc",
        ["Profiles:contacts:Fields:email:Format"] = "Email",
    };

    private static Task<GenesysEmulator> StartEmeaAsync() => GenesysEmulator.StartAsync(new EmulatorOptions
    {
        Clients = [new EmulatorClient { ClientId = "emea-client", ClientSecret = "emea-secret-91c2" }],
        CreateContactsOnFirstWrite = true,
    });

    [Fact]
    public async Task Two_sites_reach_two_orgs_in_two_regions_by_proxy_json_alone()
    {
        await using var emea = await StartEmeaAsync();
        await using var host = await GatewayHost.StartAsync(settings: EmeaSettings(emea), proxyJson: TwoSitesProxyJson);

        using var siteA = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));
        using var siteBRequest = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync")
        {
            Content = ProfileForms.UrlEncoded(new Dictionary<string, string> { ["contactId"] = "contact-42", ["name"] = "Grace", ["email"] = "grace@example.org" }),
        };
        siteBRequest.Headers.Host = "site-b.example";
        using var siteB = await host.Client.SendAsync(siteBRequest);

        Assert.Equal(HttpStatusCode.OK, siteA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, siteB.StatusCode);
        Assert.Single(host.Emulator.ReceivedRequests, r => r.Method == "PATCH" && r.Path.StartsWith("/api/v2/guests/", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Emulator.ReceivedRequests, r => r.Path.Contains("externalcontacts", StringComparison.Ordinal));

        var contactPatch = Assert.Single(emea.ReceivedRequests, r => r.Method == "PATCH");
        Assert.Equal("/api/v2/externalcontacts/contacts/contact-42", contactPatch.Path);
        Assert.StartsWith("application/json", contactPatch.Headers["Content-Type"], StringComparison.Ordinal);
        var changes = JsonDocument.Parse(contactPatch.Body).RootElement.GetProperty("changes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("field").GetString()!, c => c);
        Assert.Equal("Grace", changes["$.firstName"].GetProperty("value").GetString());
        Assert.Equal("grace@example.org", host.Keys.Decrypt(changes["$.customFields.emailEnc"].GetProperty("value").GetString()!));
        Assert.Equal("Update", changes["$.firstName"].GetProperty("action").GetString());
        Assert.Equal("Grace", emea.GetContact("contact-42")!["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Editing_proxy_json_while_running_adds_a_route_without_a_restart()
    {
        await using var emea = await StartEmeaAsync();
        await using var host = await GatewayHost.StartAsync(settings: EmeaSettings(emea));
        using (var before = await host.Client.PostAsync("/site-c/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        var edited = TwoSitesProxyJson
            .Replace("\"Match\": { \"Hosts\": [ \"site-b.example\" ], \"Path\": \"/api/profile-sync\" }", "\"Match\": { \"Path\": \"/site-c/api/profile-sync\" }", StringComparison.Ordinal)
            .Replace("\"GuestProfilePatch\": \"contacts\"", "\"GuestProfilePatch\": \"default\"", StringComparison.Ordinal)
            .Replace("\"GenesysOrg\": \"emea\"", "\"GenesysOrg\": \"default\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(host.ProxyConfigPath, edited);

        var status = await PollAsync(async () =>
        {
            using var response = await host.Client.PostAsync("/site-c/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));
            return response.StatusCode;
        }, until: s => s == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Invalid_proxy_json_edit_keeps_the_routes_in_force()
    {
        await using var host = await GatewayHost.StartAsync();
        using (var before = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await File.WriteAllTextAsync(host.ProxyConfigPath, GatewayHost.DefaultProxyJson.Replace("\"GuestProfilePatch\": \"default\"", "\"GuestProfilePatch\": \"missing-profile\"", StringComparison.Ordinal));

        // The file watcher reports the change within a few seconds; the rejected reload is logged.
        var rejected = await PollAsync(() => Task.FromResult(host.Factory.Logs.Entries.Any(e => e.Message.Contains("missing-profile", StringComparison.Ordinal))), until: seen => seen);
        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.True(rejected);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Asks again until the answer is right or 20 s pass: the file watcher is real, so is its delay.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var result = await probe();
        while (!until(result) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            result = await probe();
        }

        return result;
    }
}
