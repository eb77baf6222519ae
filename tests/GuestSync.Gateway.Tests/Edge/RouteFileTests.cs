using System.Net;
using GuestSync.Emulator;
using GuestSync.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>The route file is found where the README says, and it can carry routes only.</summary>
public sealed class RouteFileTests
{
    [Fact]
    public async Task Gateway_started_outside_the_route_files_folder_uses_the_route_file_beside_its_binaries()
    {
        // `dotnet run --project src/GuestSync.Gateway` from the repository root, and `dotnet GuestSync.Gateway.dll`
        // from anywhere: the working directory holds no proxy.json.
        var directory = Directory.CreateTempSubdirectory("guestsync-routefile-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await EdgeTestSupport.RunGatewayAsync(
                directory,
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
                until: output => output.Contains("Now listening on", StringComparison.Ordinal),
                timeout: TimeSpan.FromSeconds(90));

            Assert.True(exitCode is null, $"exited with {exitCode}: {stderr}");
            Assert.Contains(Path.Combine(AppContext.BaseDirectory, "proxy.json"), stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Missing_route_file_is_one_clear_message_and_a_non_zero_exit()
    {
        var directory = Directory.CreateTempSubdirectory("guestsync-routefile-").FullName;
        try
        {
            var missing = Path.Combine(directory, "nowhere", "proxy.json");
            var (exitCode, stdout, stderr) = await EdgeTestSupport.RunGatewayAsync(
                directory,
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ProxyConfigPath"] = missing },
                until: output => output.Contains("Now listening on", StringComparison.Ordinal),
                timeout: TimeSpan.FromSeconds(90));

            Assert.NotNull(exitCode);
            Assert.NotEqual(0, exitCode);
            Assert.Contains(missing, stderr, StringComparison.Ordinal);
            Assert.Contains("ProxyConfigPath", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", stderr + stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_route_file_is_polled_and_still_reloaded_when_the_OS_refuses_a_file_watcher()
    {
        var directory = Directory.CreateTempSubdirectory("guestsync-routefile-").FullName;
        try
        {
            var path = Path.Combine(directory, "proxy.json");
            File.WriteAllText(path, GatewayHost.DefaultProxyJson);
            var builder = WebApplication.CreateBuilder();
            builder.Configuration["ProxyConfigPath"] = path;
            var asked = new List<bool>();

            ProxyConfigFile.AddTo(builder, (folder, polling) =>
            {
                asked.Add(polling);
                return new NoWatcherUnlessPolling(new PhysicalFileProvider(folder) { UsePollingFileWatcher = polling, UseActivePolling = polling }, polling);
            });
            using var provider = builder.Services.BuildServiceProvider();
            var location = provider.GetRequiredService<ProxyConfigFile.RouteFileLocation>();
            var routes = builder.Configuration.GetSection("ReverseProxy:Routes").GetChildren().Select(c => c.Key).ToList();
            File.WriteAllText(path, GatewayHost.DefaultProxyJson.Replace("\"Routes\": {", "\"Routes\": { \"added\": { \"ClusterId\": \"c\", \"Match\": { \"Path\": \"/added\" } },", StringComparison.Ordinal));
            var reloaded = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (builder.Configuration["ReverseProxy:Routes:added:ClusterId"] is null && DateTime.UtcNow < reloaded)
            {
                await Task.Delay(100);
            }

            Assert.Equal([false, true], asked);
            Assert.True(location.Polling);
            Assert.NotEmpty(routes);
            Assert.Equal("c", builder.Configuration["ReverseProxy:Routes:added:ClusterId"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A folder whose watcher the OS refuses, as when the user's inotify instances are used up.</summary>
    private sealed class NoWatcherUnlessPolling(PhysicalFileProvider inner, bool polling) : IFileProvider, IDisposable
    {
        public IFileInfo GetFileInfo(string subpath) => inner.GetFileInfo(subpath);

        public IDirectoryContents GetDirectoryContents(string subpath) => inner.GetDirectoryContents(subpath);

        public IChangeToken Watch(string filter) => polling ? inner.Watch(filter)
            : throw new IOException("The configured user limit (128) on the number of inotify instances has been reached.");

        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void Route_file_with_a_section_other_than_ReverseProxy_fails_the_start_naming_it()
    {
        var directory = Directory.CreateTempSubdirectory("guestsync-routefile-").FullName;
        try
        {
            var path = Path.Combine(directory, "proxy.json");
            File.WriteAllText(path, GatewayHost.DefaultProxyJson.TrimEnd().TrimEnd('}') +
                """, "Genesys": { "LoginBaseUrl": "https://login.evil.example", "ClientSecret": "route-file-secret-1234" } }""");
            var builder = WebApplication.CreateBuilder();
            builder.Configuration["ProxyConfigPath"] = path;

            var failure = Assert.Throws<GatewayStartException>(() => ProxyConfigFile.AddTo(builder));

            Assert.Contains("\"Genesys\"", failure.Message, StringComparison.Ordinal);
            Assert.Contains("ReverseProxy", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("route-file-secret-1234", failure.Message, StringComparison.Ordinal);
            Assert.Null(builder.Configuration["Genesys:LoginBaseUrl"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Settings_edited_into_the_route_file_while_running_change_nothing_but_routes()
    {
        await using var foreign = await GenesysEmulator.StartAsync(new EmulatorOptions
        {
            Clients = [new EmulatorClient { ClientId = GatewayHost.ClientId, ClientSecret = GatewayHost.ClientSecret }],
            CreateGuestsOnFirstWrite = true,
        });
        await using var host = await GatewayHost.StartAsync();
        using (var before = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // The edit adds a route (which must apply), points Genesys elsewhere and shrinks the body limit (which must not).
        var edited = GatewayHost.DefaultProxyJson
            .Replace("\"Routes\": {", """
                "Routes": {
                  "site-c": { "ClusterId": "genesys-default", "Match": { "Path": "/site-c/api/profile-sync" }, "Transforms": [ { "GuestProfilePatch": "default" } ] },
                """, StringComparison.Ordinal)
            .TrimEnd().TrimEnd('}') +
            $$""", "Genesys": { "LoginBaseUrl": "{{foreign.BaseAddress}}", "ApiBaseUrl": "{{foreign.BaseAddress}}" }, "Profiles": { "default": { "Limits": { "MaxBodyBytes": 10 } } } }""";
        await File.WriteAllTextAsync(host.ProxyConfigPath, edited);

        var status = await EdgeTestSupport.PollAsync(async () =>
        {
            using var response = await host.Client.PostAsync("/site-c/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));
            return response.StatusCode;
        }, until: s => s == HttpStatusCode.OK);
        using var after = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Empty(foreign.ReceivedRequests);
    }
}
