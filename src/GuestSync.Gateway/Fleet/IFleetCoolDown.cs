namespace GuestSync.Gateway.Fleet;

/// <summary>
/// The organization's 429 cool-down shared by every replica: any replica that sees a 429 sets it from the
/// Retry-After; all of them read it (and <see cref="IFleetBudget"/> refuses permits while it lasts).
/// </summary>
internal interface IFleetCoolDown
{
    /// <summary>Pauses the organization until <paramref name="until"/>; a later end already set is kept (never shortened).</summary>
    Task PauseUntilAsync(string org, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>The end of the cool-down in force, or null when the organization is not paused.</summary>
    Task<DateTimeOffset?> PausedUntilAsync(string org, CancellationToken cancellationToken);
}
