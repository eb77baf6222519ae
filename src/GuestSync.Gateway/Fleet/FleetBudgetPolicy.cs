namespace GuestSync.Gateway.Fleet;

/// <summary>
/// An organization's budget as the fleet shares it: at most <see cref="RequestsPerMinute"/> sends in ANY 60
/// seconds, summed over all replicas, which is what Genesys's per-token minute window needs to never answer 429.
/// Paced as a GCRA (one timestamp per organization): one permit every 60 s / (limit − burst), with up to
/// <see cref="Burst"/> permits at once after a quiet spell. The sustained rate is therefore
/// (limit − burst) / limit of the budget: 0.967 for 300/min with the default burst of 10.
/// </summary>
/// <param name="RequestsPerMinute">The budget in force (the configured one, or lower when Genesys says so).</param>
/// <param name="Burst">Permits that may go at once; also the largest block one call can take. Default 10,
/// clamped to a thirtieth of the budget (so at least 0.967 of it stays usable) and at least 1.</param>
internal sealed record FleetBudgetPolicy(int RequestsPerMinute, int Burst = FleetBudgetPolicy.DefaultBurst)
{
    public const int DefaultBurst = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The burst actually used: between 1 and a thirtieth of the budget.</summary>
    public int EffectiveBurst => Math.Max(1, Math.Min(Burst, RequestsPerMinute / 30));

    /// <summary>The time one permit costs: 60 s / (limit − burst).</summary>
    public TimeSpan EmissionInterval => Window / (RequestsPerMinute - EffectiveBurst);

    /// <summary>How far ahead of now the pace may run: burst × interval.</summary>
    public TimeSpan Allowance => EmissionInterval * EffectiveBurst;
}
