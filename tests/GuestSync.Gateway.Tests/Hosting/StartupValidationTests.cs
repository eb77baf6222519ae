using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Hosting;

public sealed class StartupValidationTests
{
    private static async Task<string> StartFailureAsync(IDictionary<string, string?> settings, string? proxyJson = null)
    {
        await using var host = await GatewayHost.StartAsync(settings: settings, proxyJson: proxyJson);
        return await StartFailure.MessagesAsync(() => host.NewFactory());
    }

    [Fact]
    public async Task Unknown_region_fails_the_start_listing_the_valid_names()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Genesys:ApiBaseUrl"] = null,
            ["Genesys:LoginBaseUrl"] = null,
            ["Genesys:Region"] = "mars_north_1",
        });

        Assert.Contains("mars_north_1", message, StringComparison.Ordinal);
        Assert.Contains("eu_west_1", message, StringComparison.Ordinal);
        Assert.Contains("Genesys:Region", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_region_fails_the_start_even_with_the_hosts_overridden()
    {
        // The test host points both hosts at the emulator.
        var message = await StartFailureAsync(new Dictionary<string, string?> { ["Genesys:Region"] = "eu-wset-1" });

        Assert.Contains("Genesys:Region 'eu-wset-1' is not a Genesys Cloud region", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_start_logs_each_organization_with_its_region_and_hosts_and_no_secret()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Genesys:Region"] = "eu_central_1",
            ["Genesys:Orgs:emea:Region"] = "eu-west-2",
            ["Genesys:Orgs:emea:ClientId"] = "emea-client",
            ["Genesys:Orgs:emea:ClientSecret"] = "emea-secret-value-9d41",
        });
        _ = host.Client;

        var lines = host.Factory.Logs.Entries.Where(e => e.Message.StartsWith("Live: organization", StringComparison.Ordinal)).Select(e => e.Message).ToList();

        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.Contains("organization default in region eu_central_1 via API host http://127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains("Live: organization emea in region eu-west-2 via API host https://api.euw2.pure.cloud and login host https://login.euw2.pure.cloud", lines);
        Assert.All(host.Factory.Logs.Entries, e =>
        {
            Assert.DoesNotContain("emea-secret-value-9d41", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(GatewayHost.ClientSecret, e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Unknown_profile_in_proxy_json_fails_the_start_naming_the_route()
    {
        var proxyJson = GatewayHost.DefaultProxyJson.Replace("\"GuestProfilePatch\": \"default\"", "\"GuestProfilePatch\": \"no-such-profile\"", StringComparison.Ordinal);

        var message = await StartFailureAsync(new Dictionary<string, string?>(), proxyJson);

        Assert.Contains("profile-sync", message, StringComparison.Ordinal);
        Assert.Contains("no-such-profile", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_naming_an_unconfigured_org_fails_the_start()
    {
        var proxyJson = GatewayHost.DefaultProxyJson.Replace("\"GenesysOrg\": \"default\"", "\"GenesysOrg\": \"apac\"", StringComparison.Ordinal);

        var message = await StartFailureAsync(new Dictionary<string, string?>(), proxyJson);

        Assert.Contains("apac", message, StringComparison.Ordinal);
        Assert.Contains("Genesys:Orgs:apac", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_encryption_key_fails_the_start_saying_what_to_set()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = null,
            ["Encryption:ActiveKeyId"] = null,
        });

        Assert.Contains("Encryption:KeySet", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_failure_message_never_shows_the_client_secret()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?> { ["Genesys:Region"] = "nowhere", ["Genesys:ApiBaseUrl"] = null });

        Assert.DoesNotContain(GatewayHost.ClientSecret, message, StringComparison.Ordinal);
    }
}
