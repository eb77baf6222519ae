using GuestSync.Emulator.Faults;

namespace GuestSync.Emulator;

/// <summary>
/// Makes the emulator misbehave on purpose: failed or dropped requests, added latency, a token endpoint
/// that is down. Thread-safe; checking for faults costs one volatile read while none are armed.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<FaultRule> _rules = [];
    private readonly List<BulkItemFault> _bulkItemFaults = [];
    private int _armedRules;
    private int _armedBulkItemFaults;
    private long _latencyTicks;
    private volatile bool _tokenEndpointDown;

    /// <summary>Delay added before every response of the emulated service (token endpoint included). Default: none.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>When true, <c>POST /oauth/token</c> answers 503. Default: false.</summary>
    public bool TokenEndpointDown
    {
        get => _tokenEndpointDown;
        set => _tokenEndpointDown = value;
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> requests whose path starts with <paramref name="pathPrefix"/>
    /// (case-insensitive) with <paramref name="statusCode"/> and a Genesys error body.
    /// </summary>
    /// <param name="pathPrefix">Path prefix, e.g. <c>/api/v2/guests</c> or <c>/oauth/token</c>.</param>
    /// <param name="statusCode">The status to answer, 200 to 599.</param>
    /// <param name="count">How many requests to fail.</param>
    /// <param name="retryAfter">Raw <c>Retry-After</c> value to send (e.g. <c>"2"</c> or an HTTP-date), or none.</param>
    public void FailNext(string pathPrefix, int statusCode, int count = 1, string? retryAfter = null)
    {
        ValidatePrefixAndCount(pathPrefix, count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (retryAfter is not null && (retryAfter.Length == 0 || retryAfter.Any(char.IsControl)))
        {
            throw new ArgumentException("Retry-After must be a non-empty header value without control characters.", nameof(retryAfter));
        }

        Arm(FaultRule.Fail(pathPrefix, statusCode, count, retryAfter));
    }

    /// <summary>Aborts the connection of the next <paramref name="count"/> requests whose path starts with <paramref name="pathPrefix"/>, after their body was read.</summary>
    public void DropNext(string pathPrefix, int count = 1)
    {
        ValidatePrefixAndCount(pathPrefix, count);
        Arm(FaultRule.Drop(pathPrefix, count));
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> items of <c>POST /api/v2/externalcontacts/bulk/contacts/enrich</c> whose
    /// <c>matchingIdentifiers</c> hold <paramref name="identifierValue"/> fail on their own: the item's result is
    /// <c>success: false</c> with <c>error.status</c> <paramref name="statusCode"/> and <c>error.retryable</c>
    /// <paramref name="retryable"/>, nothing is stored for it, and the other items of the request go through.
    /// </summary>
    /// <param name="identifierValue">The identifier value (e.g. a cookie id) of the item to fail.</param>
    /// <param name="statusCode">The item's error status, 400 to 599. Default: 503.</param>
    /// <param name="count">How many matching items to fail. Default: 1.</param>
    /// <param name="retryable">The item error's <c>retryable</c>. Default: true.</param>
    public void FailNextBulkEnrichItem(string identifierValue, int statusCode = 503, int count = 1, bool retryable = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifierValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            _bulkItemFaults.Add(new BulkItemFault(identifierValue, statusCode, retryable, count));
            Volatile.Write(ref _armedBulkItemFaults, _bulkItemFaults.Count);
        }
    }

    /// <summary>Clears every armed fault, the latency and the token endpoint outage.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _rules.Clear();
            _bulkItemFaults.Clear();
            Volatile.Write(ref _armedRules, 0);
            Volatile.Write(ref _armedBulkItemFaults, 0);
        }

        Latency = TimeSpan.Zero;
        TokenEndpointDown = false;
    }

    /// <summary>Consumes one use of the first armed rule matching <paramref name="path"/>, oldest first.</summary>
    internal FaultRule? TryTake(string path)
    {
        if (Volatile.Read(ref _armedRules) == 0)
        {
            return null;
        }

        lock (_lock)
        {
            var index = _rules.FindIndex(rule => path.StartsWith(rule.PathPrefix, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            var rule = _rules[index];
            if (rule.Consume())
            {
                _rules.RemoveAt(index);
                Volatile.Write(ref _armedRules, _rules.Count);
            }

            return rule;
        }
    }

    /// <summary>Consumes one use of the first armed bulk-item fault whose identifier value is among <paramref name="identifierValues"/>.</summary>
    internal BulkItemFault? TryTakeBulkItem(IEnumerable<string> identifierValues)
    {
        if (Volatile.Read(ref _armedBulkItemFaults) == 0)
        {
            return null;
        }

        var values = identifierValues.ToHashSet(StringComparer.Ordinal);
        lock (_lock)
        {
            var index = _bulkItemFaults.FindIndex(fault => values.Contains(fault.IdentifierValue));
            if (index < 0)
            {
                return null;
            }

            var fault = _bulkItemFaults[index];
            if (fault.Consume())
            {
                _bulkItemFaults.RemoveAt(index);
                Volatile.Write(ref _armedBulkItemFaults, _bulkItemFaults.Count);
            }

            return fault;
        }
    }

    private void Arm(FaultRule rule)
    {
        lock (_lock)
        {
            _rules.Add(rule);
            Volatile.Write(ref _armedRules, _rules.Count);
        }
    }

    private static void ValidatePrefixAndCount(string pathPrefix, int count)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        if (!pathPrefix.StartsWith('/'))
        {
            throw new ArgumentException("The path prefix must start with '/'.", nameof(pathPrefix));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
    }
}
