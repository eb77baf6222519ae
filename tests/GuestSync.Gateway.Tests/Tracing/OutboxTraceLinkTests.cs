using System.Diagnostics;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Tests.Infrastructure;
using static GuestSync.Gateway.Tests.Outbox.Gateway.OutboxGateway;

namespace GuestSync.Gateway.Tests.Tracing;

/// <summary>A queued submission's later delivery is a trace of its own, linked to the request that queued it.</summary>
public sealed class OutboxTraceLinkTests
{
    [Fact]
    public async Task Delivery_span_links_to_the_latest_queuing_request_and_holds_the_token_and_genesys_calls()
    {
        var spans = new TraceCapture();
        var (host, time) = await StartAsync(testServices: spans.Register);
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        var guest = Guid.NewGuid().ToString();

        // Two edits of one guest during the outage: one outbox item, merged.
        var browserTraces = new[] { ActivityTraceId.CreateRandom(), ActivityTraceId.CreateRandom() };
        var enqueues = new List<Activity>();
        foreach (var browserTrace in browserTraces)
        {
            using var response = await time.DriveAsync(host.Client.SendAsync(SubmissionTraceTests.BrowserPost(browserTrace, guest)));
            await AssertQueuedAsync(response, guest);
            var request = await SubmissionTraceTests.RequestSpanAsync(spans, browserTrace);
            enqueues.Add(await spans.WaitForAsync(a => a.TraceId == request.TraceId && a.DisplayName == "outbox enqueue", "for the enqueue"));
        }

        Assert.Equal(enqueues[0].GetTagItem("guestsync.outbox.item_id"), enqueues[1].GetTagItem("guestsync.outbox.item_id"));
        Assert.Equal(true, enqueues[1].GetTagItem("guestsync.outbox.merged"));

        host.Emulator.Faults.TokenEndpointDown = false;
        await time.DriveUntilAsync(() => host.PatchesOf(guest).Any(p => p.Status == 200), limit: TimeSpan.FromMinutes(10));

        var itemId = (long)enqueues[1].GetTagItem("guestsync.outbox.item_id")!;
        var delivery = await spans.WaitForAsync(
            a => a.Source.Name == GatewayTracing.SourceName && a.DisplayName == "outbox deliver" && a.GetTagItem("guestsync.outbox.outcome") as string == "delivered"
                && (a.GetTagItem("guestsync.outbox.item_ids") as long[])?.Contains(itemId) == true
                && a.Links.Any(l => l.Context.TraceId == enqueues[1].TraceId),
            "for the delivery");
        var link = Assert.Single(delivery.Links);
        Assert.Equal((enqueues[1].TraceId, enqueues[1].SpanId), (link.Context.TraceId, link.Context.SpanId));
        Assert.Equal(default, delivery.ParentSpanId); // a trace of its own: the queuing request is a link, not a parent
        Assert.NotEqual(enqueues[1].TraceId, delivery.TraceId);

        var patch = await spans.WaitForAsync(a => a.TraceId == delivery.TraceId && a.Kind == ActivityKind.Client && a.DisplayName.StartsWith("PATCH", StringComparison.Ordinal), "for the delivered PATCH");
        Assert.Equal(delivery.SpanId, patch.ParentSpanId);
        Assert.Equal(200, patch.GetTagItem("http.response.status_code"));
        var token = Assert.Single(spans.InTrace(delivery.TraceId), a => a.DisplayName == "genesys token");
        Assert.Equal(delivery.SpanId, token.ParentSpanId);
        Assert.Contains(spans.InTrace(delivery.TraceId), a => a.ParentSpanId == token.SpanId && a.Kind == ActivityKind.Client);
        Assert.All(spans.InTrace(delivery.TraceId), span => Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains(guest, StringComparison.Ordinal) == true));
    }
}
