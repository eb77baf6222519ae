using System.Diagnostics;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The stored link from an outbox item to the request that queued it: a W3C <c>traceparent</c>
/// (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>, 55 characters), no trace state or baggage. A merged item keeps
/// the latest submission's; every merged request's own trace shows the item id on its <c>outbox enqueue</c> span.
/// </summary>
internal static class OutboxTraceLink
{
    public static string Format(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";

    /// <summary>The link to the queuing request's span, or none for an item queued untraced (or a malformed value).</summary>
    public static bool TryLink(string? traceParent, out ActivityLink link)
    {
        if (traceParent is { Length: > 0 } && ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out var context))
        {
            link = new ActivityLink(context);
            return true;
        }

        link = default;
        return false;
    }
}
