using System.Diagnostics;
using GuestSync.Gateway.Hosting;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The span of one outbox send (<c>outbox deliver</c>, a new trace of its own): linked to the span that queued each item
/// it sends (<see cref="OutboxItem.TraceParent"/>: the latest submission merged into the item), one link per item of a bulk
/// request; the Genesys call and any token request are its children. Null, at no cost, when tracing is off.
/// </summary>
internal static class OutboxDeliverySpan
{
    public static Activity? Start(string org, IReadOnlyList<OutboxItem> items)
    {
        if (!GatewayTracing.Source.HasListeners())
        {
            return null;
        }

        var links = new List<ActivityLink>(items.Count);
        foreach (var item in items)
        {
            if (OutboxTraceLink.TryLink(item.TraceParent, out var link))
            {
                links.Add(link);
            }
        }

        // A root span: the deliverer runs outside any request, and the queuing request is a link, not a parent.
        var activity = GatewayTracing.Source.StartActivity("outbox deliver", ActivityKind.Internal, parentContext: default, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("guestsync.org", org);
            activity.SetTag("guestsync.outbox.item_ids", items.Select(i => i.Id).ToArray());
            activity.SetTag("guestsync.outbox.attempt", items.Max(i => i.Attempts) + 1);
        }

        return activity;
    }

    public static void End(Activity? activity, DeliveryOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("guestsync.outbox.outcome", outcome.Kind.ToString().ToLowerInvariant());
        activity.SetTag("guestsync.outbox.status", outcome.Status);
        if (outcome.Kind != DeliveryOutcomeKind.Delivered)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }
    }
}
