using GuestSync.Gateway.Genesys;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// What the line that ends a submission says, gathered while the request runs: set on a profile-sync request by
/// <see cref="SubmissionLogMiddleware"/> only while <see cref="SubmissionLog"/> writes its lines, so nothing is kept
/// (or allocated) otherwise. Holds the guest id in memory only; the line carries its keyed hash.
/// </summary>
internal sealed class SubmissionRecord
{
    private int _ended;

    public SubmissionRecord(string profile, string? org, long startedAt)
    {
        Profile = profile ?? throw new ArgumentNullException(nameof(profile));
        Org = org;
        StartedAt = startedAt;
    }

    public string Profile { get; }

    /// <summary>The Genesys organization of the route's cluster; null when the route names none.</summary>
    public string? Org { get; }

    /// <summary>When the request reached the gateway (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long StartedAt { get; }

    /// <summary>The validated guest id; null until the submission was validated.</summary>
    public string? GuestId { get; set; }

    /// <summary>Set once a live send to Genesys was started: a refusal after it is Genesys's failure, not the gateway's refusal.</summary>
    public bool Forwarded { get; set; }

    /// <summary>The title of the live attempt's answer when the submission was queued after it.</summary>
    public string? QueuedAfter { get; set; }

    /// <summary>The sends to Genesys and the last <c>ININ-Correlation-Id</c>.</summary>
    public UpstreamSends Sends { get; } = new();

    /// <summary>The request's record, when its line is being logged.</summary>
    public static SubmissionRecord? Of(HttpContext context) => context.Features.Get<SubmissionRecord>();

    /// <summary>True once: the first answer ends the submission; a later write on the same request is not logged again.</summary>
    public bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;
}
