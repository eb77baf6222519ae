using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// The limiter ASP.NET Core's rate-limiting middleware applies to profile-sync routes, before the body is read: per
/// client address (an IPv6 client by its /64, <see cref="ClientKey"/>) a fixed window of posts
/// (<see cref="RateLimitOptions.PerClient"/>; refused with its wait as <c>Retry-After</c>) and a share of requests open at
/// once (<see cref="RateLimitOptions.MaxConcurrentPerClient"/>; refused without, and without using up the window).
/// Other endpoints (health checks) pass untouched. The global cap is not taken here but by <see cref="ConcurrencyGate"/>
/// once the body is in, so a client trickling its body holds none of it.
/// </summary>
/// <remarks>
/// Written by hand rather than chaining two <c>PartitionedRateLimiter.Create</c> limiters: those kept two limiter objects
/// per address in dictionaries behind one lock each, scanned on a 100 ms heartbeat, grown by every new address (an
/// attacker with many IPv6 /64s grew them at will), and cost a partition lookup, a string and three leases per post.
/// Here the windows live in a <see cref="WindowTable"/> of <see cref="RateLimitOptions.MaxTrackedClients"/> slots fixed at
/// start: one lookup and one lease per post.
/// </remarks>
internal sealed class ClientRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private static readonly RateLimitLease Passed = new PassLease();
    private static readonly RateLimitLease Busy = new RefusedLease(null);

    private readonly WindowTable _windows;
    private readonly int _maxInFlight;

    public ClientRateLimiter(IOptions<RateLimitOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        _windows = new WindowTable(limits.MaxTrackedClients, limits.PerClient.PermitLimit, limits.PerClient.Window, timeProvider);
        _maxInFlight = limits.MaxConcurrentPerClient;
    }

    /// <summary>Client windows given up before they ended because their group was full (for tests and diagnostics).</summary>
    public long ForgottenEarly => _windows.ForgottenEarly;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (permitCount == 0 || !ProfileRoutes.TryGetProfileName(resource, out _))
        {
            return Passed;
        }

        var key = ClientKey.Of(resource.Connection.RemoteIpAddress);
        return _windows.TryAcquire(key, _maxInFlight, out var slot, out var retryAfter) switch
        {
            WindowDecision.Acquired => new HeldLease(_windows, key, slot),
            WindowDecision.WindowFull => new RefusedLease(retryAfter),
            _ => Busy,
        };
    }

    /// <summary>Nothing is queued (a refused post is answered at once), so acquiring never waits.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    /// <summary>A post that passes: nothing is held (not a profile-sync route, or no permit asked for).</summary>
    private class PassLease : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    /// <summary>A post in its client's window, open until the response ends (the middleware disposes it then).</summary>
    private sealed class HeldLease(WindowTable windows, ulong key, int slot) : PassLease
    {
        private int _released;

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                windows.Release(key, slot);
            }
        }
    }

    /// <summary>A refusal; with the window's wait as <see cref="MetadataName.RetryAfter"/> when the window is full.</summary>
    private sealed class RefusedLease(TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
