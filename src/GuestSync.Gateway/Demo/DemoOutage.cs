using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Sandbox;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// The demo's outage switch (sandbox only): puts the in-process emulator into an outage, every Genesys API request
/// answered 503 through the emulator's fault injection, and back. While it is on, a submission is queued in the outbox
/// and answered "queued"; switching it off wakes the deliverer, which sends the backlog as soon as its pause ends.
/// </summary>
internal sealed class DemoOutage(SandboxRuntime runtime, OutboxSignal? signal = null)
{
    /// <summary>Every Genesys API path; the token endpoint keeps answering, as in an API outage.</summary>
    public const string ApiPrefix = "/api/v2/";
    public const string Path = "/demo/outage";
    public const string FieldName = "on";
    private readonly Lock _gate = new();

    /// <summary>Whether the emulator is in an outage now.</summary>
    public bool On { get; private set; }

    public void Switch(bool on)
    {
        lock (_gate)
        {
            if (on == On)
            {
                return;
            }

            if (on)
            {
                runtime.Emulator.Faults.FailNext(ApiPrefix, StatusCodes.Status503ServiceUnavailable, count: int.MaxValue);
            }
            else
            {
                runtime.Emulator.Faults.Reset();
            }

            On = on;
        }

        if (!on)
        {
            signal?.Notify();
        }
    }
}
