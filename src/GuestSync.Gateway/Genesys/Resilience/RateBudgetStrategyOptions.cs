using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>Marks the rate-budget strategy in a pipeline; its state lives on the organization.</summary>
internal sealed class RateBudgetStrategyOptions : ResilienceStrategyOptions
{
    public RateBudgetStrategyOptions()
    {
        Name = "RateBudget";
    }
}
