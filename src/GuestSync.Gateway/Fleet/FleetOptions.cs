namespace GuestSync.Gateway.Fleet;

/// <summary>
/// How replicas share one organization's token, budget and cool-down through PostgreSQL (section <c>Fleet</c>;
/// used only with <c>Store:Provider=Postgres</c>).
/// </summary>
internal sealed class FleetOptions
{
    public const string SectionName = "Fleet";

    /// <summary><c>Fleet:Replicas</c>: how many replicas run. While the database is unreachable each replica sends at most
    /// <c>RequestsPerMinute / Replicas</c> a minute (its local share), so the fleet as a whole still stays inside the budget.
    /// Default 3.</summary>
    public int Replicas { get; set; } = 3;

    /// <summary><c>Fleet:StoreTimeout</c>: the longest one coordination call (a permit, the cool-down, an in-flight lease) may
    /// take before the replica treats the database as unreachable. Default 2 seconds.</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>Fleet:RetryInterval</c>: after the database failed, how long a replica works on its own (local share, cached
    /// token, local cool-down) before it tries the database again. Default 5 seconds.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Fleet:InFlightLease</c>: how long a live send holds its guest's "in flight" row; a replica that dies
    /// mid-send frees the guest after this. Must exceed the resilience budget of one send. Default 30 seconds.</summary>
    public TimeSpan InFlightLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every out-of-range setting, named <c>Fleet:Key</c>.</summary>
    public IEnumerable<string> Validate()
    {
        if (Replicas is < 1 or > 1000)
        {
            yield return "Fleet:Replicas must be between 1 and 1000.";
        }

        if (StoreTimeout <= TimeSpan.Zero || StoreTimeout > TimeSpan.FromSeconds(30))
        {
            yield return "Fleet:StoreTimeout must be positive and at most 30 seconds.";
        }

        if (RetryInterval <= TimeSpan.Zero)
        {
            yield return "Fleet:RetryInterval must be positive.";
        }

        if (InFlightLease < TimeSpan.FromSeconds(1))
        {
            yield return "Fleet:InFlightLease must be at least 1 second.";
        }
    }
}
