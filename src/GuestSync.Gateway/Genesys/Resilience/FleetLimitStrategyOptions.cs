using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>Marks the fleet's budget and cool-down in a pipeline; its settings are <c>Fleet:*</c> and the organization's budget.</summary>
internal sealed class FleetLimitStrategyOptions : ResilienceStrategyOptions
{
    public FleetLimitStrategyOptions()
    {
        Name = "FleetLimit";
    }
}
