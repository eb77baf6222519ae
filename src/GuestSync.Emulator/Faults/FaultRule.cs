namespace GuestSync.Emulator.Faults;

/// <summary>One armed fault: fail or drop the next <see cref="Remaining"/> requests under a path prefix.</summary>
internal sealed class FaultRule
{
    private FaultRule(string pathPrefix, bool drop, int statusCode, int count, string? retryAfter)
    {
        PathPrefix = pathPrefix;
        IsDrop = drop;
        StatusCode = statusCode;
        Remaining = count;
        RetryAfter = retryAfter;
    }

    public string PathPrefix { get; }

    /// <summary>True to abort the connection; false to answer <see cref="StatusCode"/>.</summary>
    public bool IsDrop { get; }

    public int StatusCode { get; }

    public string? RetryAfter { get; }

    /// <summary>Uses left; only read and written under the injector's lock.</summary>
    public int Remaining { get; private set; }

    public static FaultRule Fail(string pathPrefix, int statusCode, int count, string? retryAfter) =>
        new(pathPrefix, drop: false, statusCode, count, retryAfter);

    public static FaultRule Drop(string pathPrefix, int count) =>
        new(pathPrefix, drop: true, statusCode: 0, count, retryAfter: null);

    /// <summary>Uses the rule once; returns true when it is used up.</summary>
    public bool Consume() => --Remaining == 0;
}
