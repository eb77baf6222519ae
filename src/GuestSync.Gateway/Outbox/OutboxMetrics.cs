using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The outbox's instruments on the gateway's meter (<c>GuestSync.Gateway</c>): queue depth and oldest item age
/// per org (observed from the deliverer's last look at the store), submissions queued, items delivered,
/// dead-lettered by reason, and the latency from acceptance to Genesys's 2xx.
/// </summary>
internal sealed class OutboxMetrics : IDisposable
{
    public const string MeterName = "GuestSync.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _latency;
    private readonly ConcurrentDictionary<string, OutboxBacklog> _backlogs = new(StringComparer.Ordinal);

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _queued = _meter.CreateCounter<long>("guestsync.outbox.queued", description: "Submissions written to the outbox, by org and whether they joined a pending item.");
        _delivered = _meter.CreateCounter<long>("guestsync.outbox.delivered", description: "Queued items Genesys accepted.");
        _deadLettered = _meter.CreateCounter<long>("guestsync.outbox.dead_lettered", description: "Queued items given up, by reason.");
        _latency = _meter.CreateHistogram<double>("guestsync.outbox.delivery_latency", unit: "s", description: "From a queued item's first acceptance to Genesys's 2xx.");
        _meter.CreateObservableGauge("guestsync.outbox.depth", () => Observe(b => b.Depth), description: "Pending items per org.");
        _meter.CreateObservableGauge("guestsync.outbox.oldest_age", () => Observe(b => b.OldestAge.TotalSeconds), unit: "s", description: "Age of the oldest pending item per org.");
    }

    public void Queued(string org, bool merged) => _queued.Add(1, new TagList { { "org", org }, { "merged", merged } });

    public void Delivered(string org, TimeSpan sinceAccepted)
    {
        var tag = new KeyValuePair<string, object?>("org", org);
        _delivered.Add(1, tag);
        _latency.Record(Math.Max(0, sinceAccepted.TotalSeconds), tag);
    }

    public void DeadLettered(string org, string reason) => _deadLettered.Add(1, new TagList { { "org", org }, { "reason", reason } });

    /// <summary>Records what the store said about an org's backlog, for the observable gauges.</summary>
    public void Backlog(OutboxBacklog backlog)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        _backlogs[backlog.Org] = backlog;
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<T>> Observe<T>(Func<OutboxBacklog, T> value)
        where T : struct =>
        [.. _backlogs.Values.Select(b => new Measurement<T>(value(b), new KeyValuePair<string, object?>("org", b.Org)))];
}
