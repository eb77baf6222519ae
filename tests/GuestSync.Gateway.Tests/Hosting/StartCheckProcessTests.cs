using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Tests.Edge;

namespace GuestSync.Gateway.Tests.Hosting;

/// <summary>The built gateway, started as an operator starts it, with settings missing: one message, every problem, exit 1.</summary>
public sealed class StartCheckProcessTests
{
    [Fact]
    public async Task Production_with_nothing_set_lists_every_missing_setting_at_once_and_exits_non_zero()
    {
        var directory = Directory.CreateTempSubdirectory("guestsync-startcheck-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await EdgeTestSupport.RunGatewayAsync(
                directory,
                new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["GUESTSYNC_DATA"] = Path.Combine(directory, "data"),
                    // A store that cannot work and a route file that is not there are listed with the rest.
                    ["Store__Provider"] = "Postgres",
                    ["ProxyConfigPath"] = Path.Combine(directory, "nowhere", "proxy.json"),
                },
                until: output => output.Contains("Now listening on", StringComparison.Ordinal),
                timeout: TimeSpan.FromSeconds(90));

            Assert.Equal(1, exitCode);
            var all = stdout + stderr;
            Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
            Assert.Contains("GuestSync cannot start:", stderr, StringComparison.Ordinal);
            foreach (var setting in new[]
            {
                "Genesys:Region", "Genesys:ClientId", "Genesys:ClientSecret", "Encryption:KeySet", "Encryption:ActiveKeyId",
                "Profiles:default:Binding:Secret", "ConnectionStrings:GuestSync",
            })
            {
                Assert.Contains(setting, stderr, StringComparison.Ordinal);
                Assert.Contains(GatewayStartCheck.EnvironmentName(setting), stderr, StringComparison.Ordinal);
            }

            Assert.Contains("ProxyConfigPath", stderr, StringComparison.Ordinal);
            Assert.Contains("Development", stderr, StringComparison.Ordinal); // why there is no sandbox
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Message_names_each_setting_with_its_environment_variable_and_lists_a_problem_once()
    {
        var message = GatewayStartCheck.Format(
            ["Genesys:Orgs:emea:ClientId is not set.", "Genesys:Orgs:emea:ClientId is not set.; Delivery:MaxWait must be positive."],
            ["a note"]);

        Assert.Contains("2 settings to fix", message, StringComparison.Ordinal);
        Assert.Contains("  - Genesys:Orgs:emea:ClientId is not set. [Genesys__Orgs__emea__ClientId]", message, StringComparison.Ordinal);
        Assert.Contains("  - Delivery:MaxWait must be positive. [Delivery__MaxWait]", message, StringComparison.Ordinal);
        Assert.EndsWith("a note", message, StringComparison.Ordinal);
    }
}
