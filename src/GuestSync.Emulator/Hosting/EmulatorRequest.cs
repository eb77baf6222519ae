using GuestSync.Emulator.RateLimiting;

namespace GuestSync.Emulator.Hosting;

/// <summary>What the emulator knows about the request being handled, beyond <see cref="HttpContext"/>.</summary>
internal sealed class EmulatorRequest(string correlationId, DateTimeOffset receivedAt)
{
    /// <summary>The <c>ININ-Correlation-Id</c> sent back, also the <c>contextId</c> of error bodies.</summary>
    public string CorrelationId { get; } = correlationId;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The whole request body, read once up front (empty when over the limit).</summary>
    public byte[] Body { get; set; } = [];

    /// <summary>The token's rate-limit window to report on the answer; null when no live token was sent or limiting is off.</summary>
    public RateLimitState? RateLimit { get; set; }

    private int _recorded;

    /// <summary>True the first time only: a request is recorded once, whichever path gets there first.</summary>
    public bool TryMarkRecorded() => Interlocked.Exchange(ref _recorded, 1) == 0;

    /// <summary>True when a fault aborted the connection instead of answering.</summary>
    public bool Dropped { get; set; }

    /// <summary>The body ended before it was whole (the client went away mid-request); no answer can reach it.</summary>
    public bool CutShort { get; set; }
}
