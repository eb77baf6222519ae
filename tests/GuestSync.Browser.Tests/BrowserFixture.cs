using GuestSync.Emulator;
using GuestSync.Gateway.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GuestSync.Browser.Tests;

/// <summary>
/// One sandbox gateway on a loopback port and one headless Debian chromium, shared by the browser tests.
/// A missing chromium fails every test with what to install; it is never skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private string? _directory;
    private SandboxGatewayFactory? _factory;
    private IPlaywright? _playwright;

    internal BrowserTestKey Key { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public GenesysEmulator Emulator => _factory!.Services.GetRequiredService<SandboxRuntime>().Emulator;

    /// <summary>The demo page's outage switch, to end an outage a failed test left on.</summary>
    internal GuestSync.Gateway.Demo.DemoOutage Outage => _factory!.Services.GetRequiredService<GuestSync.Gateway.Demo.DemoOutage>();

    /// <summary>Where screenshots go: <c>test-artifacts/browser</c> at the repository root (git-ignored).</summary>
    public static string ArtifactsDirectory { get; } = FindArtifactsDirectory();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {ChromiumPath}: run ./test.sh (it installs it) or 'apt-get install -y chromium'.");
        }

        _directory = Directory.CreateTempSubdirectory("guestsync-browser-tests-").FullName;
        var proxyConfigPath = Path.Combine(_directory, "proxy.json");
        File.Copy(Path.Combine(RepositoryRoot(), "proxy.json"), proxyConfigPath);
        _factory = new SandboxGatewayFactory(proxyConfigPath, Key);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A watcher may still hold the folder; the OS cleans temp.
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GuestSync.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"GuestSync.sln was not found above {AppContext.BaseDirectory}.");
    }

    private static string FindArtifactsDirectory()
    {
        var directory = Path.Combine(RepositoryRoot(), "test-artifacts", "browser");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
