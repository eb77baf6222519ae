using System.Diagnostics;
using GuestSync.Gateway.Hosting;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// What the live path calls to queue a submission it could not deliver now: stores it (durable on return),
/// counts it and wakes the deliverer. Throws <see cref="OutboxUnavailableException"/> when the store cannot
/// take it: answer 503, never 202.
/// </summary>
internal sealed class OutboxQueue(IOutboxStore store, OutboxSignal signal, OutboxMetrics metrics)
{
    public async Task<OutboxEnqueued> EnqueueAsync(OutboxSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        // A span of the queuing request's own trace (never the browser's: EdgeTraceContext); the item keeps its context so
        // the later delivery's span links back to it.
        using var activity = GatewayTracing.Source.StartActivity("outbox enqueue", ActivityKind.Internal);
        if (activity is { Recorded: true })
        {
            activity.SetTag("guestsync.org", submission.Org);
            submission = submission with { TraceParent = OutboxTraceLink.Format(activity.Context) };
        }

        var enqueued = await store.EnqueueAsync(submission, cancellationToken);
        activity?.SetTag("guestsync.outbox.item_id", enqueued.Id);
        activity?.SetTag("guestsync.outbox.merged", enqueued.Merged);
        metrics.Queued(submission.Org, enqueued.Merged);
        signal.Notify();
        return enqueued;
    }

    /// <summary>Whether this guest has an item waiting, so a new edit joins it instead of racing it.</summary>
    public ValueTask<bool> HasPendingAsync(string org, string key, CancellationToken cancellationToken) =>
        store.HasPendingAsync(org, key, cancellationToken);
}
