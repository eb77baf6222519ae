using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GuestSync.Browser.Tests;

/// <summary>
/// The gateway as <c>dotnet run</c> starts it with no Genesys credentials (a sandbox), but on a free loopback port so
/// a real browser can reach it, and with a key the test knows so it can decrypt what the emulator stored on its own.
/// </summary>
internal sealed class SandboxGatewayFactory : WebApplicationFactory<Program>
{
    private readonly string _proxyConfigPath;
    private readonly BrowserTestKey _key;

    /// <summary>The outbox's own folder for this run.</summary>
    public string DataFolder { get; } = Directory.CreateTempSubdirectory("guestsync-browser-data-").FullName;

    public SandboxGatewayFactory(string proxyConfigPath, BrowserTestKey key)
    {
        _proxyConfigPath = proxyConfigPath;
        _key = key;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("ProxyConfigPath", _proxyConfigPath);
        builder.UseSetting("ConnectionStrings:GuestSync", "Data Source=" + Path.Combine(Path.GetDirectoryName(_proxyConfigPath)!, "guestsync.db"));
        builder.UseSetting("Encryption:KeySet", _key.KeySetJson);
        builder.UseSetting("Encryption:ActiveKeyId", _key.KeyId);
        builder.UseSetting("GUESTSYNC_DATA", DataFolder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(DataFolder, recursive: true);
    }
}
