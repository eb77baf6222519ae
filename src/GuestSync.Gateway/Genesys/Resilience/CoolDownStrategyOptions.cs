using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>Marks the cool-down strategy in a pipeline; its settings live on the organization.</summary>
internal sealed class CoolDownStrategyOptions : ResilienceStrategyOptions
{
    public CoolDownStrategyOptions()
    {
        Name = "CoolDown";
    }
}
