using GuestSync.Gateway.Fleet;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>The fleet-wide budget and cool-down a pipeline uses with <c>Store:Provider=Postgres</c>.</summary>
internal sealed record FleetLimits(IFleetBudget Budget, IFleetCoolDown CoolDown, FleetStoreHealth Health, FleetOptions Options);
