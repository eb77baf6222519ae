namespace GuestSync.Gateway.Fleet;

/// <summary>
/// The organization's request budget shared by every replica, live path and backlog together. Asked before each
/// send (or before each small block of sends); nothing is granted while a fleet-wide cool-down
/// (<see cref="IFleetCoolDown"/>) is in force, so nothing is sent into a known rate limit.
/// </summary>
internal interface IFleetBudget
{
    /// <summary>Takes <paramref name="permits"/> (1 up to the policy's burst) if they fit now; otherwise takes
    /// nothing and says how long to wait.</summary>
    Task<FleetBudgetDecision> TryAcquireAsync(string org, FleetBudgetPolicy policy, int permits, CancellationToken cancellationToken);
}
