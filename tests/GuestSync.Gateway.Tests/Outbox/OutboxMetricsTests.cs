using System.Diagnostics.Metrics;
using GuestSync.Gateway.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Outbox;

public sealed class OutboxMetricsTests
{
    [Fact]
    public void Outbox_instruments_report_per_org_depth_age_counts_and_latency_on_the_gateway_meter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new OutboxMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Instrument, double Value, string? Org, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "GuestSync.Gateway" && instrument.Name.StartsWith("guestsync.outbox.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, v, Tag(tags, "org"), Tag(tags, "reason"))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, v, Tag(tags, "org"), Tag(tags, "reason"))));
        listener.Start();

        metrics.Queued("emea", merged: false);
        metrics.Delivered("emea", TimeSpan.FromSeconds(90));
        metrics.DeadLettered("emea", "status-404");
        metrics.Backlog(new OutboxBacklog("emea", 7, TimeSpan.FromMinutes(2), null));
        listener.RecordObservableInstruments();

        Assert.Contains(("guestsync.outbox.queued", 1d, "emea", null), seen);
        Assert.Contains(("guestsync.outbox.delivered", 1d, "emea", null), seen);
        Assert.Contains(("guestsync.outbox.delivery_latency", 90d, "emea", null), seen);
        Assert.Contains(("guestsync.outbox.dead_lettered", 1d, "emea", "status-404"), seen);
        Assert.Contains(("guestsync.outbox.depth", 7d, "emea", null), seen);
        Assert.Contains(("guestsync.outbox.oldest_age", 120d, "emea", null), seen);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}
