using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GuestSync.Gateway.Sandbox;

/// <summary>Prints the sandbox banner once the gateway listens, and stops the emulator when the gateway stops.</summary>
internal sealed partial class SandboxLifetime : IHostedService, IAsyncDisposable
{
    private readonly SandboxRuntime _sandbox;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServer _server;
    private readonly ILogger<SandboxLifetime> _logger;
    private CancellationTokenRegistration _started;

    public SandboxLifetime(SandboxRuntime sandbox, IHostApplicationLifetime lifetime, IServer server, ILogger<SandboxLifetime> logger)
    {
        _sandbox = sandbox ?? throw new ArgumentNullException(nameof(sandbox));
        _lifetime = lifetime ?? throw new ArgumentNullException(nameof(lifetime));
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = _lifetime.ApplicationStarted.Register(PrintBanner);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _started.DisposeAsync().ConfigureAwait(false);
        await _sandbox.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _started.DisposeAsync().ConfigureAwait(false);
        await _sandbox.DisposeAsync().ConfigureAwait(false);
    }

    private void PrintBanner()
    {
        var address = _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "the gateway's address";
        Log.Banner(
            _logger,
            address,
            _sandbox.Emulator.BaseAddress.ToString(),
            _sandbox.KeyId,
            _sandbox.EphemeralKey ? "made for this run only; values it encrypted cannot be read after a restart" : "from configuration",
            SandboxSettings.LiveSettingsList);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = """

            ==================== GuestSync SANDBOX ====================
            NOT connected to Genesys Cloud: no Genesys credentials are configured.
            Profile updates go to a Genesys emulator inside this process ({EmulatorAddress}).
            Demo page: {GatewayAddress}/   (what "Genesys" received: /demo/guests/<guestId>)
            Encryption key kid: {KeyId} ({KeyOrigin}).
            To use a real organization, set {LiveSettings}.
            ===========================================================
            """)]
        public static partial void Banner(ILogger logger, string gatewayAddress, string emulatorAddress, string keyId, string keyOrigin, string liveSettings);
    }
}
