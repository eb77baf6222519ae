using GuestSync.Emulator.OAuth;
using GuestSync.Emulator.Recording;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Hosting;

/// <summary>The test-control surface shared by <see cref="GenesysEmulator"/> and the admin API.</summary>
internal sealed class EmulatorControl(FaultInjector faults, ReceivedRequestLog receivedRequests, EmulatorStores stores, TokenStore tokens)
{
    public FaultInjector Faults { get; } = faults;

    public ReceivedRequestLog ReceivedRequests { get; } = receivedRequests;

    public EmulatorStores Stores { get; } = stores;

    public TokenStore Tokens { get; } = tokens;

    /// <summary>Back to a fresh start: no faults, nothing received, no live tokens, only the seeded documents.</summary>
    public void Reset()
    {
        Faults.Reset();
        ReceivedRequests.Clear();
        Tokens.RevokeAll();
        Stores.Reset();
    }
}
