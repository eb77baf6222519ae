using GuestSync.Emulator;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>
/// A running emulator (real Kestrel on a loopback port) and the gateway in front of it, configured
/// live with the emulator as the default organization's API and login host.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string ClientId = "gateway-tests";
    public const string ClientSecret = "gateway-tests-secret-7f3a";

    /// <summary>The operator key that unlocks the detail of /readyz in these tests.</summary>
    public const string OperatorKey = "gateway-tests-operator-key-5c1e-0123456789";

    private readonly string _directory;
    private readonly Lazy<HttpClient> _client;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _timeProvider;

    private readonly bool _watchSettings;

    private GatewayHost(GenesysEmulator emulator, IReadOnlyDictionary<string, string?> settings, TimeProvider? timeProvider, TestKeys keys, string directory, bool watchSettings,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? testServices)
    {
        _settings = settings;
        _timeProvider = timeProvider;
        _watchSettings = watchSettings;
        var factory = new GatewayFactory(settings, timeProvider, settingsFile: watchSettings ? Path.Combine(directory, "settings.json") : null, testServices: testServices);
        Emulator = emulator;
        Factory = factory;
        Keys = keys;
        _directory = directory;
        _client = new Lazy<HttpClient>(() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
    }

    public GenesysEmulator Emulator { get; }

    public GatewayFactory Factory { get; }

    /// <summary>A client of the gateway; the first use starts it.</summary>
    public HttpClient Client => _client.Value;

    public TestKeys Keys { get; }

    public string ProxyConfigPath => Path.Combine(_directory, "proxy.json");

    /// <summary>A watched settings file (like a mounted appsettings.json), with <c>watchSettings</c>: reloadable settings are changed by writing it.</summary>
    public string SettingsPath => Path.Combine(_directory, "settings.json");

    /// <summary>The SQLite store file of this gateway (its factory's data folder).</summary>
    public string StoreFile => Path.Combine(Factory.DataFolder, "guestsync.db");

    public static string DefaultProxyJson => """
        {
          "ReverseProxy": {
            "Routes": {
              "profile-sync": {
                "ClusterId": "genesys-default",
                "Match": { "Path": "/api/profile-sync" },
                "Transforms": [ { "GuestProfilePatch": "default" } ]
              }
            },
            "Clusters": {
              "genesys-default": { "Metadata": { "GenesysOrg": "default" } }
            }
          }
        }
        """;

    public static async Task<GatewayHost> StartAsync(
        Action<EmulatorOptions>? configureEmulator = null,
        IDictionary<string, string?>? settings = null,
        string? proxyJson = null,
        TimeProvider? timeProvider = null,
        GenesysEmulator? emulator = null,
        bool watchSettings = false,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? testServices = null)
    {
        if (emulator is null)
        {
            var options = new EmulatorOptions
            {
                Clients = [new EmulatorClient { ClientId = ClientId, ClientSecret = ClientSecret }],
                CreateGuestsOnFirstWrite = true,
            };
            configureEmulator?.Invoke(options);
            emulator = await GenesysEmulator.StartAsync(options, timeProvider);
        }

        var directory = Directory.CreateTempSubdirectory("guestsync-tests-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "proxy.json"), proxyJson ?? DefaultProxyJson);
        var keys = new TestKeys();
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ProxyConfigPath"] = Path.Combine(directory, "proxy.json"),
            // The store (outbox, idempotency keys) in the test's own folder, never in the source tree.
            ["Genesys:ApiBaseUrl"] = emulator.BaseAddress.ToString(),
            ["Genesys:LoginBaseUrl"] = emulator.BaseAddress.ToString(),
            ["Genesys:ClientId"] = ClientId,
            ["Genesys:ClientSecret"] = ClientSecret,
            ["Encryption:KeySet"] = keys.KeySetJson,
            ["Encryption:ActiveKeyId"] = keys.KeyId,
            // The proactive throttle (300 a minute) would pace sustained-traffic tests; the tests of it turn it on.
            ["Genesys:Resilience:RequestsPerMinute"] = "0",

            // Tests share one client address, reuse guests and fire bursts; the rate-limit tests set their own small limits.
            ["Security:RateLimits:PerClient:PermitLimit"] = "1000000",
            ["Security:RateLimits:PerGuest:PermitLimit"] = "1000000",
            ["Security:RateLimits:MaxConcurrentRequests"] = "100000",
            ["Security:RateLimits:MaxConcurrentPerClient"] = "100000",
            ["Health:OperatorKey"] = OperatorKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new GatewayHost(emulator, all, timeProvider, keys, directory, watchSettings, testServices);
    }

    /// <summary>The operator's view of /readyz (with the operator key).</summary>
    public Task<HttpResponseMessage> GetReadinessDetailAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorKey);
        return Client.SendAsync(request);
    }

    /// <summary>Another gateway in front of the same emulator, with these settings plus <paramref name="extra"/>.</summary>
    public GatewayFactory NewFactory(IDictionary<string, string?>? extra = null, string environment = "Testing")
    {
        var settings = new Dictionary<string, string?>(_settings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new GatewayFactory(settings, _timeProvider, environment, _watchSettings ? SettingsPath : null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        await Factory.DisposeAsync();
        await Emulator.DisposeAsync();
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
