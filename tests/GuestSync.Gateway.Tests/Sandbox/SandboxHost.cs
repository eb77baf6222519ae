using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Sandbox;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Sandbox;

/// <summary>The gateway as a newcomer starts it: the repository's routes and no Genesys or encryption settings.</summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Lazy<HttpClient> _client;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _environment;

    private SandboxHost(IReadOnlyDictionary<string, string?> settings, string environment, string directory)
    {
        _settings = settings;
        _environment = environment;
        var factory = new GatewayFactory(settings, environment: environment);
        Factory = factory;
        _directory = directory;
        _client = new Lazy<HttpClient>(() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
    }

    public GatewayFactory Factory { get; }

    /// <summary>A client of the gateway; the first use starts it.</summary>
    public HttpClient Client => _client.Value;

    public SandboxRuntime Runtime => Factory.Services.GetRequiredService<SandboxRuntime>();

    public static SandboxHost Create(string environment = "Development", IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("guestsync-sandbox-tests-").FullName;
        var proxyJson = Path.Combine(directory, "proxy.json");
        File.WriteAllText(proxyJson, GatewayHost.DefaultProxyJson);
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ProxyConfigPath"] = proxyJson,
            ["ConnectionStrings:GuestSync"] = "Data Source=" + Path.Combine(directory, "guestsync.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new SandboxHost(all, environment, directory);
    }

    /// <summary>Another gateway with the same settings (the first start can be read again after a failure).</summary>
    public GatewayFactory NewFactory() => new(_settings, environment: _environment);

    /// <summary>Decrypts a stored JWE with the key the running sandbox holds, through Microsoft.IdentityModel.</summary>
    public string Decrypt(string jwe)
    {
        var ring = Factory.Services.GetRequiredService<IKeyRingProvider>().Current;
        return Encryption.JweReader.Decrypt(jwe, ring.ActiveKey.KeyId, ring.ActiveKey.Material.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        await Factory.DisposeAsync();
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
