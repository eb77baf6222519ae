using GuestSync.Emulator;

namespace GuestSync.Gateway.Sandbox;

/// <summary>
/// The sandbox of this run: the in-process Genesys emulator the default org points at, and the kid of the key
/// the values are encrypted with. Registered only in sandbox mode, so its absence means the gateway is live.
/// </summary>
internal sealed class SandboxRuntime : IAsyncDisposable
{
    private GenesysEmulator? _emulator;

    public SandboxRuntime(GenesysEmulator emulator, string keyId, bool ephemeralKey)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        _emulator = emulator;
        KeyId = keyId;
        EphemeralKey = ephemeralKey;
    }

    /// <summary>The emulator standing in for Genesys Cloud.</summary>
    public GenesysEmulator Emulator => _emulator ?? throw new ObjectDisposedException(nameof(SandboxRuntime));

    /// <summary>The kid of the active encryption key at start (never the key).</summary>
    public string KeyId { get; }

    /// <summary>Whether the key was made for this run (no key was configured).</summary>
    public bool EphemeralKey { get; }

    public async ValueTask DisposeAsync()
    {
        var emulator = Interlocked.Exchange(ref _emulator, null);
        if (emulator is not null)
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
