using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>Marks the Genesys-limits strategy in a pipeline; its state (cool-down, rate window) lives on the organization.</summary>
internal sealed class GenesysLimitsStrategyOptions : ResilienceStrategyOptions
{
    public GenesysLimitsStrategyOptions()
    {
        Name = "GenesysLimits";
    }
}
