using System.Net;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GuestSync.Emulator;

/// <summary>
/// A Genesys Cloud emulator running in-process on a free loopback port, for tests and benchmarks.
/// Login (<c>/oauth/token</c>) and API (<c>/api/v2/...</c>) share <see cref="BaseAddress"/>.
/// </summary>
public sealed class GenesysEmulator : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly EmulatorControl _control;

    private GenesysEmulator(WebApplication app, Uri baseAddress)
    {
        _app = app;
        _control = app.Services.GetRequiredService<EmulatorControl>();
        BaseAddress = baseAddress;
    }

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A snapshot of the requests received (admin API excluded), oldest first.</summary>
    public IReadOnlyList<ReceivedRequest> ReceivedRequests => _control.ReceivedRequests.Snapshot();

    public FaultInjector Faults => _control.Faults;

    /// <summary>Successful <c>POST /oauth/token</c> calls since start.</summary>
    public int TokensIssued => _control.Tokens.TokensIssued;

    /// <summary>Starts Kestrel on <c>http://127.0.0.1:0</c> with the given options and clock.</summary>
    /// <param name="options">Settings; the defaults when null. Read once, at start.</param>
    /// <param name="timeProvider">Drives token expiry, rate-limit windows and latency; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<GenesysEmulator> StartAsync(EmulatorOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        EmulatorOptionsValidator.ThrowIfInvalid(options);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(GenesysEmulator).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton<IOptions<EmulatorOptions>>(Options.Create(options));
        builder.Services.AddSingleton(new EmulatorClock(timeProvider ?? TimeProvider.System));
        builder.Services.AddEmulatorCore();

        var app = builder.Build();
        app.MapGenesysEmulator();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GenesysEmulator(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public void ClearReceivedRequests() => _control.ReceivedRequests.Clear();

    /// <summary>A copy of the stored guest, or null when unknown.</summary>
    public JsonObject? GetGuest(string guestId) => _control.Stores.Guests.Get(guestId);

    /// <summary>Stores (a copy of) <paramref name="guest"/>, replacing any guest with this id.</summary>
    public void PutGuest(string guestId, JsonObject guest) => _control.Stores.Guests.Put(guestId, guest);

    /// <summary>A copy of the stored external contact, or null when unknown.</summary>
    public JsonObject? GetContact(string id) => _control.Stores.Contacts.Get(id);

    /// <summary>Stores (a copy of) <paramref name="contact"/>, replacing any contact with this id.</summary>
    public void PutContact(string id, JsonObject contact) => _control.Stores.Contacts.Put(id, contact);

    /// <summary>Every token issued so far stops working (401) at once.</summary>
    public void RevokeAllTokens() => _control.Tokens.RevokeAll();

    /// <summary>No faults, nothing received, no live tokens, only the seeded guests and contacts.</summary>
    public void Reset() => _control.Reset();

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(ShutdownTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
