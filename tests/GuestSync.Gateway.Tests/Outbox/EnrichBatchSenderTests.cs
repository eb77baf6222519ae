using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GuestSync.Gateway.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Outbox;

public sealed class EnrichBatchSenderTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Results_in_another_order_are_matched_to_their_items_by_tracker_id()
    {
        var sender = new FakeGenesysSender(_time)
        {
            Answer = _ => Task.FromResult(Json("""
                {"results":[
                  {"id":"3","success":false,"status":400,"error":{"code":"bad.request","message":"customFields.tier is 'gold'","status":400,"retryable":false,"details":[{"fieldName":"contact.customFields.tier"}]}},
                  {"id":"1","success":true,"status":201,"entity":{}},
                  {"id":"2","success":false,"status":503,"error":{"code":"service.unavailable","status":503,"retryable":true}}],
                 "errorCount":2,"errorIndexes":[0,2]}
                """)),
        };

        var outcomes = await new EnrichBatchSender(sender, _time).SendAsync("default", [Item(1), Item(2), Item(3), Item(4)], default);

        Assert.NotNull(outcomes);
        Assert.Equal(
            [(DeliveryOutcomeKind.Delivered, 201), (DeliveryOutcomeKind.Retry, 503), (DeliveryOutcomeKind.Permanent, 400), (DeliveryOutcomeKind.Retry, 0)],
            outcomes.Select(o => (o.Kind, o.Status)));
        Assert.Equal("bad.request (contact.customFields.tier)", outcomes[2].Error); // never the message: it may quote a value
        Assert.All(outcomes, o => Assert.True(o.ItemOnly));
        var sent = JsonNode.Parse(Assert.Single(sender.Sent).Request.Body.ToArray())!;
        Assert.Equal(("POST", "/api/v2/externalcontacts/bulk/contacts/enrich"), (sender.Sent[0].Request.Method, sender.Sent[0].Request.PathAndQuery));
        Assert.Equal(["1", "2", "3", "4"], sent["entities"]!.AsArray().Select(e => (string?)e!["id"]));
        Assert.Equal("Upsert", (string?)sent["entities"]![0]!["action"]);
    }

    [Fact]
    public async Task Whole_request_refused_as_invalid_asks_for_one_by_one_and_an_outage_retries_every_item()
    {
        var invalid = new FakeGenesysSender(_time) { Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.BadRequest)) };
        var down = new FakeGenesysSender(_time) { Answer = _ => Task.FromResult(FakeGenesysSender.Status(HttpStatusCode.ServiceUnavailable)) };

        Assert.Null(await new EnrichBatchSender(invalid, _time).SendAsync("default", [Item(1), Item(2)], default));
        var outcomes = await new EnrichBatchSender(down, _time).SendAsync("default", [Item(1), Item(2)], default);

        Assert.All(outcomes!, o => Assert.Equal((DeliveryOutcomeKind.Retry, 503, false), (o.Kind, o.Status, o.ItemOnly)));
    }

    [Fact]
    public void Only_queued_single_enrich_items_are_batched()
    {
        Assert.True(EnrichBatchSender.CanBatch(Item(1)));
        Assert.False(EnrichBatchSender.CanBatch(Item(1) with { Key = "/api/v2/guests/g1", Request = new OutboxRequest("PATCH", "/api/v2/guests/g1", "application/json-patch+json", "[]"u8.ToArray()) }));
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static OutboxItem Item(long id) => new()
    {
        Id = id,
        Org = "default",
        Key = $"enrich:Cookie:v{id}",
        Profile = "web",
        GuestId = $"v{id}",
        Request = new OutboxRequest("POST", "/api/v2/externalcontacts/contacts/enrich", "application/json",
            Encoding.UTF8.GetBytes($$$"""{"matchingIdentifiers":[{"type":"Cookie","value":"v{{{id}}}"}],"action":"Upsert","contact":{"firstName":"n{{{id}}}"}}""")),
        Targets = "{}",
        Version = 1,
        FirstAcceptedAt = DateTimeOffset.UnixEpoch,
        LastAcceptedAt = DateTimeOffset.UnixEpoch,
        Attempts = 0,
        FirstCorrelationId = "c",
    };
}
