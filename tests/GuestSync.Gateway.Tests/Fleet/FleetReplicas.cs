using System.Net.Http.Headers;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GuestSync.Gateway.Tests.Fleet;

/// <summary>
/// A fleet in the test process: one emulator whose per-token limit is the configured budget, and N gateway replicas
/// (each a WebApplicationFactory host with its own in-memory state: token cache, pipelines, deliverer) on ONE
/// PostgreSQL database. Disposing stops every replica still running, then the emulator.
/// </summary>
internal sealed class FleetReplicas : IAsyncDisposable
{
    private readonly GatewayHost _host;
    private readonly List<GatewayFactory?> _replicas;
    private readonly List<HttpClient?> _clients;
    private readonly List<CapturingLoggerProvider> _logs;

    private FleetReplicas(GatewayHost host, List<GatewayFactory?> replicas)
    {
        _host = host;
        _replicas = replicas;
        _logs = [.. replicas.Select(r => r!.Logs)];
        _clients = [.. replicas.Select(r => (HttpClient?)r!.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))];
    }

    public GuestSync.Emulator.GenesysEmulator Emulator => _host.Emulator;

    public TestKeys Keys => _host.Keys;

    public int Count => _replicas.Count;

    public static async Task<FleetReplicas> StartAsync(string connectionString, int budget, int replicas = 3, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Store:Provider"] = "Postgres",
            ["ConnectionStrings:GuestSync"] = connectionString,
            ["Genesys:Resilience:RequestsPerMinute"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fleet:Replicas"] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fleet:RetryInterval"] = "00:00:01",
            ["Delivery:PollInterval"] = "00:00:00.500",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await GatewayHost.StartAsync(emulator => emulator.RateLimitPerMinute = budget, all);
        var factories = new List<GatewayFactory?> { host.Factory };
        for (var i = 1; i < replicas; i++)
        {
            factories.Add(host.NewFactory());
        }

        try
        {
            // Started together: the schema is migrated once, whoever is first.
            return await Task.Run(() => new FleetReplicas(host, factories));
        }
        catch
        {
            foreach (var factory in factories.Skip(1))
            {
                await factory!.DisposeAsync();
            }

            await host.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client(int replica) => _clients[replica] ?? throw new InvalidOperationException($"Replica {replica} was stopped.");

    /// <summary>Every log line of every replica so far.</summary>
    public IEnumerable<string> LogLines => _logs.SelectMany(l => l.Entries.Select(e => e.Message));

    public IServiceProvider Services(int replica) => (_replicas[replica] ?? throw new InvalidOperationException($"Replica {replica} was stopped.")).Services;

    public Task<HttpResponseMessage> PostAsync(int replica, IDictionary<string, string> fields) =>
        Client(replica).PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));

    /// <summary>Stops one replica (its host disposed), as a replica that goes away.</summary>
    public async Task StopAsync(int replica)
    {
        _clients[replica]?.Dispose();
        _clients[replica] = null;
        if (_replicas[replica] is { } factory)
        {
            _replicas[replica] = null;
            await factory.DisposeAsync();
        }
    }

    /// <summary>The PATCH requests Genesys received.</summary>
    public IReadOnlyList<GuestSync.Emulator.ReceivedRequest> Patches => [.. Emulator.ReceivedRequests.Where(r => r.Method == "PATCH")];

    public string? NameOf(string guestId) =>
        Emulator.GetGuest(guestId)?["name"]?.GetValue<string>() is { } sealedName ? Keys.Decrypt(sealedName) : null;

    /// <summary>Polls until <paramref name="condition"/> holds, failing after <paramref name="limit"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var end = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
            {
                Assert.Fail($"Not within {limit}: {what}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _replicas.Count - 1; i >= 1; i--)
        {
            await StopAsync(i);
        }

        _clients[0]?.Dispose();
        _clients[0] = null;
        _replicas[0] = null;
        await _host.DisposeAsync();
    }
}
