namespace GuestSync.Gateway.Fleet;

/// <summary>The answer of <see cref="IFleetBudget.TryAcquireAsync"/>.</summary>
/// <param name="Granted">True when the permits were taken: send now.</param>
/// <param name="RetryAfter">When not granted, how long until they would be (the budget's pace, or the end of a
/// fleet-wide cool-down, whichever is later).</param>
/// <param name="PausedUntil">When not granted because of a cool-down: its end.</param>
internal readonly record struct FleetBudgetDecision(bool Granted, TimeSpan RetryAfter, DateTimeOffset? PausedUntil)
{
    public static FleetBudgetDecision Grant { get; } = new(true, TimeSpan.Zero, null);
}
