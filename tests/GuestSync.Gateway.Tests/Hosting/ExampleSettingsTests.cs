using System.Net;
using System.Security.Cryptography;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Security.BindingTokens;
using Microsoft.Extensions.Configuration;

namespace GuestSync.Gateway.Tests.Hosting;

/// <summary>deploy/appsettings.Production.example.json is valid settings, and --help describes every key in it.</summary>
public sealed class ExampleSettingsTests
{
    private static string ExampleFile()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "deploy", "appsettings.Production.example.json");
            if (File.Exists(candidate) && File.Exists(Path.Combine(folder.FullName, "GuestSync.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("deploy/appsettings.Production.example.json not found above the test binaries");
    }

    private static Dictionary<string, string?> Load() =>
        new ConfigurationBuilder().AddJsonFile(ExampleFile(), optional: false).Build()
            .AsEnumerable().Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public async Task Example_production_settings_start_the_gateway_in_Production_with_its_secret_files_in_place()
    {
        var example = Load();
        var secrets = Directory.CreateTempSubdirectory("guestsync-example-").FullName;
        try
        {
            var keys = new TestKeys(example["Encryption:ActiveKeyId"]!);
            var files = new Dictionary<string, string>
            {
                ["Genesys:ClientSecretFile"] = GatewayHost.ClientSecret,
                ["Encryption:KeySetFile"] = keys.KeySetJson,
                ["Profiles:default:Binding:SecretFile"] = TestBindingTokens.Secret,
                ["Security:Redaction:GuestIdHashKeyFile"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Health:OperatorKeyFile"] = GatewayHost.OperatorKey,
            };
            var settings = new Dictionary<string, string?>(example, StringComparer.OrdinalIgnoreCase)
            {
                // Kept by the test host: its own listener, route file, emulator client and data folder.
                ["Genesys:ClientId"] = GatewayHost.ClientId,
                ["Genesys:ClientSecret"] = null,
                ["Encryption:KeySet"] = null,
                ["Encryption:ActiveKeyId"] = keys.KeyId,
                ["Health:OperatorKey"] = null,
                // The test host's emulator stands in for Genesys; the example's Region is still validated.
                ["Genesys:Resilience:RequestsPerMinute"] = "0",
            };
            foreach (var (setting, content) in files)
            {
                Assert.True(example.ContainsKey(setting), $"the example no longer sets {setting}");
                var path = Path.Combine(secrets, setting.Replace(':', '-'));
                await File.WriteAllTextAsync(path, content);
                settings[setting] = path;
            }

            settings.Remove("Urls");
            settings.Remove("ProxyConfigPath");
            await using var host = await GatewayHost.StartAsync(settings: settings);
            await using var production = host.NewFactory(environment: "Production");
            using var client = production.CreateClient();

            using var health = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Contains(production.Logs.Entries, e => e.Message.StartsWith("Live: organization default in region eu_west_1", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }
    }

    [Fact]
    public void Help_describes_every_setting_of_the_example_file()
    {
        var overview = GatewaySettingsOverview.Settings.Select(s => s.Setting).ToList();
        var missing = Load().Keys
            .Select(key => string.Join(':', key.Split(':').Where(segment => !int.TryParse(segment, out _))))
            .Where(key => !overview.Any(setting => string.Equals(setting, key, StringComparison.OrdinalIgnoreCase)
                || (setting.EndsWith(":*", StringComparison.Ordinal) && key.StartsWith(setting[..^1], StringComparison.OrdinalIgnoreCase))))
            .Distinct()
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Help_prints_the_settings_overview_and_starts_nothing()
    {
        using var output = new StringWriter();

        var exitCode = await GatewayCommands.TryRunAsync(["--help"], output);

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        Assert.Contains("Genesys:Region  (Genesys__Region)", text, StringComparison.Ordinal);
        Assert.Contains("Encryption:KeySetFile  (Encryption__KeySetFile)", text, StringComparison.Ordinal);
        Assert.Contains("deploy/appsettings.Production.example.json", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_verb_exits_0_when_healthz_answers_200_and_1_when_nothing_listens()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        using var output = new StringWriter();
        Assert.Equal(1, await GatewayCommands.TryRunAsync(["healthcheck", $"http://127.0.0.1:{port}/healthz"], output));

        using var server = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/healthz";
        var answer = Task.Run(async () =>
        {
            using var connection = await server.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            var request = new byte[4096];
            var read = await stream.ReadAsync(request);
            var path = System.Text.Encoding.ASCII.GetString(request, 0, read).Split(' ')[1];
            var reply = path == "/healthz" ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(reply));
        });
        Assert.Equal(0, await GatewayCommands.TryRunAsync(["healthcheck", url], output));
        await answer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("http://127.0.0.1:8080/healthz", HealthCheckCommand.DefaultUrl(null));
        Assert.Equal("http://127.0.0.1:9000/healthz", HealthCheckCommand.DefaultUrl("9000;9001"));
    }
}
