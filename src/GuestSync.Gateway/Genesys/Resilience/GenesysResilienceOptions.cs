namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// How hard the gateway tries for one submission, and how gently it treats one organization
/// (<c>Genesys:Resilience</c>, or <c>Genesys:Orgs:&lt;name&gt;:Resilience</c>).
/// </summary>
internal sealed record GenesysResilienceOptions
{
    /// <summary>The whole time one submission may take upstream, waits included. Default: 20 seconds.</summary>
    public TimeSpan TotalBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one attempt may take before it counts as failed and is retried. Default: 8 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Attempts per submission, the first included (1 to 5). Default: 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first back-off delay when Genesys gives no <c>Retry-After</c>; doubles each time. Default: 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off delay. Default: 16 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(16);

    /// <summary>
    /// Requests per minute the gateway lets through to this organization, matching the documented
    /// client-credentials limit. 0 turns the throttle off. Default: 300.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary>Requests that may wait for the throttle; more are answered 503 at once. Default: 100.</summary>
    public int ThrottleQueueLimit { get; set; } = 100;

    /// <summary>The share of failed attempts in <see cref="BreakerSamplingDuration"/> that opens the breaker. Default: 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the sampling window before the breaker may open. Default: 10.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The window the breaker counts failures in. Default: 30 seconds.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker fails fast before it lets one probe through. Default: 15 seconds.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Every setting that is out of range, as messages naming it under <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (TotalBudget <= TimeSpan.Zero)
        {
            yield return $"{prefix}TotalBudget must be positive.";
        }

        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > TotalBudget)
        {
            yield return $"{prefix}AttemptTimeout must be positive and at most TotalBudget.";
        }

        if (MaxAttempts is < 1 or > 5)
        {
            yield return $"{prefix}MaxAttempts must be between 1 and 5.";
        }

        if (BaseDelay <= TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            yield return $"{prefix}BaseDelay must be positive and MaxDelay at least BaseDelay.";
        }

        if (RequestsPerMinute < 0 || ThrottleQueueLimit < 0)
        {
            yield return $"{prefix}RequestsPerMinute and ThrottleQueueLimit must not be negative.";
        }

        if (BreakerFailureRatio is <= 0 or > 1)
        {
            yield return $"{prefix}BreakerFailureRatio must be above 0 and at most 1.";
        }

        if (BreakerMinimumThroughput < 2)
        {
            yield return $"{prefix}BreakerMinimumThroughput must be at least 2.";
        }

        if (BreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || BreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{prefix}BreakerSamplingDuration and BreakerBreakDuration must be at least 0.5 seconds.";
        }
    }
}
