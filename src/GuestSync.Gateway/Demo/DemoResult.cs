namespace GuestSync.Gateway.Demo;

/// <summary>What the demo's result page can say about a guest.</summary>
internal enum DemoResult
{
    /// <summary>No guest, or one this gateway cannot vouch for: a neutral page, never "Saved".</summary>
    Unknown,

    /// <summary>This gateway synced it (a receipt from its own redirect, or in sandbox the emulator holds the guest).</summary>
    Saved,

    /// <summary>Its latest submission still waits in the outbox.</summary>
    Queued,
}
