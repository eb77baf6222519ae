namespace GuestSync.Emulator.Configuration;

/// <summary>
/// The emulator's own clock. Kept apart from the host's <see cref="TimeProvider"/> service so a test's
/// <c>FakeTimeProvider</c> drives token expiry, rate windows and latency without touching Kestrel's timers.
/// </summary>
internal sealed class EmulatorClock(TimeProvider timeProvider)
{
    public TimeProvider TimeProvider { get; } = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public DateTimeOffset UtcNow => TimeProvider.GetUtcNow();
}
