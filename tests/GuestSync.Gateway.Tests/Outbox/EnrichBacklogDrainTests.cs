using System.Diagnostics;
using System.Globalization;
using GuestSync.Emulator;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Tests.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>
/// A backlog of queued contacts-enrich submissions drained by the deliverer against the emulator at Genesys's documented
/// 300 requests a minute per token, on a fake clock: batched (10 per bulk request) and one by one. Also the bench of
/// <c>bench/enrich-batching.sh</c>, which sets <c>GUESTSYNC_BENCH_OUT</c> to write the numbers.
/// </summary>
public sealed class EnrichBacklogDrainTests(ITestOutputHelper output)
{
    private const int Backlog = 1000;
    private const int RequestsPerMinute = 300;
    private const string BulkPath = "/api/v2/externalcontacts/bulk/contacts/enrich";
    private const string EnrichPath = "/api/v2/externalcontacts/contacts/enrich";

    [Fact]
    public async Task Backlog_of_enrich_items_drains_ten_per_request_with_per_item_failures_kept_or_dead_lettered()
    {
        var batched = await DrainAsync(batchSize: 10, faults: true);
        var oneByOne = await DrainAsync(batchSize: 1, faults: false);

        // Batched: 100 bulk requests, plus one for the item whose first try failed retryably (sent again, alone).
        Assert.Equal(Backlog / 10, batched.BulkRequests);
        Assert.Equal(1, batched.SingleRequests);
        Assert.Equal(Backlog - 1, batched.Delivered);
        var dead = Assert.Single(batched.DeadLetters);
        Assert.Equal(("status-400", Visitor(7)), (dead.Reason, dead.GuestId));
        Assert.Equal(0, oneByOne.BulkRequests);
        Assert.Equal(Backlog, oneByOne.SingleRequests);
        Assert.Equal(Backlog, oneByOne.Delivered);

        var ratio = batched.PerBudgetMinute / oneByOne.PerBudgetMinute;
        Assert.True(ratio >= 9, $"batched delivers {ratio:F1}x the one-by-one rate per minute of budget");
        Assert.True(oneByOne.FakeMinutes >= 3, "one by one needs at least four 300-request windows");
        Report(batched, oneByOne, ratio);
    }

    private async Task<Drain> DrainAsync(int batchSize, bool faults)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
        await using var emulator = await GenesysEmulator.StartAsync(new EmulatorOptions
        {
            Clients = [new EmulatorClient { ClientId = GatewayHost.ClientId, ClientSecret = GatewayHost.ClientSecret }],
            RateLimitPerMinute = RequestsPerMinute,
            ReceivedRequestCapacity = 5000,
            ContactCustomFields = { ["emailEnc"] = "longtext" },
        }, time);
        using var file = new OutboxStoreFile();
        using var store = await file.OpenAsync(time, maxPending: Backlog);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new OutboxMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var queue = new OutboxQueue(store, new OutboxSignal(), metrics);
        await EnqueueBacklogAsync(queue, time);
        if (faults)
        {
            emulator.Faults.FailNextBulkEnrichItem(Visitor(5), 503, retryable: true);
            emulator.Faults.FailNextBulkEnrichItem(Visitor(7), 400, retryable: false);
        }

        using var sender = new EmulatorGenesysSender(emulator);
        var options = new DeliveryOptions { EnrichBatchSize = batchSize };
        using var deliverer = new OutboxDeliverer(store, sender, new OutboxSignal(), Options.Create(options), time, metrics, NullLogger<OutboxDeliverer>.Instance);
        var start = time.GetUtcNow();
        var wall = Stopwatch.StartNew();
        while ((await store.BacklogAsync("default", time.GetUtcNow(), bounded.Token)).Depth > 0)
        {
            var next = await deliverer.DeliverDueAsync(bounded.Token);
            if (next is { } due && due > time.GetUtcNow())
            {
                time.Advance(due - time.GetUtcNow());
            }
        }

        wall.Stop();
        var counted = emulator.ReceivedRequests.Where(r => r.Path != "/oauth/token" && r.Status != 429).ToList();
        var deadLetters = await store.DeadLettersAsync(10, bounded.Token);
        var delivered = Backlog - deadLetters.Count;
        return new Drain(
            batchSize,
            counted.Count(r => r.Path == BulkPath),
            counted.Count(r => r.Path == EnrichPath),
            emulator.ReceivedRequests.Count(r => r.Status == 429),
            delivered,
            deadLetters,
            (time.GetUtcNow() - start).TotalMinutes,
            wall.Elapsed);
    }

    private static async Task EnqueueBacklogAsync(OutboxQueue queue, TimeProvider time)
    {
        var keys = new TestKeys();
        var builder = new PatchBuilder([new JweFieldEncryptor(TestKeySets.Provider(keys.KeyId, (keys.KeyId, keys.Key)))], time);
        var profile = EnrichProfileRulesTests.CookieProfile();
        for (var i = 0; i < Backlog; i++)
        {
            var visitor = Visitor(i);
            var submission = new Submission(visitor,
            [
                new SubmittedField("name", profile.Fields["name"], "Visitor " + i.ToString(CultureInfo.InvariantCulture)),
                new SubmittedField("email", profile.Fields["email"], $"v{i}@example.org"),
            ]);
            var patch = builder.Build(submission, profile);
            var request = new OutboxRequest(patch.Method.Method, patch.PathAndQuery, patch.ContentType, patch.Body);
            await queue.EnqueueAsync(new OutboxSubmission("default", patch.ResourceKey, "web", visitor, request, time.GetUtcNow(), "c" + i), default);
        }
    }

    private static string Visitor(int i) => new Guid(i, 0, 0, new byte[8]).ToString();

    private void Report(Drain batched, Drain oneByOne, double ratio)
    {
        var lines = new List<string>
        {
            "# Enrich backlog: batched vs one by one",
            "",
            $"{Backlog} queued contacts-enrich submissions drained by OutboxDeliverer against the emulator at {RequestsPerMinute} requests a minute per token (fake clock; SQLite outbox; Delivery:Concurrency 4).",
            "Submissions per minute of budget = delivered / requests counted by the rate limit x " + RequestsPerMinute + ".",
            "",
            "| Mode | bulk requests | single requests | 429s | delivered | dead letters | fake minutes to drain | submissions per minute of budget | wall time |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            Row("batched (10)", batched),
            Row("one by one", oneByOne),
            "",
            $"Batched / one by one: **{ratio.ToString("F1", CultureInfo.InvariantCulture)}x** (goal >= 9x). The batched run injected two per-item faults (FailNextBulkEnrichItem): a retryable 503, delivered on its retry, and a 400, dead-lettered as status-400.",
        };
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        if (Environment.GetEnvironmentVariable("GUESTSYNC_BENCH_OUT") is { Length: > 0 } path)
        {
            File.WriteAllLines(path, lines);
        }

        static string Row(string mode, Drain d) => string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {d.BulkRequests} | {d.SingleRequests} | {d.RateLimited} | {d.Delivered} | {d.DeadLetters.Count} | {d.FakeMinutes:F2} | {d.PerBudgetMinute:F0} | {d.Wall.TotalSeconds:F1} s |");
    }

    private sealed record Drain(int BatchSize, int BulkRequests, int SingleRequests, int RateLimited, int Delivered,
        IReadOnlyList<DeadLetter> DeadLetters, double FakeMinutes, TimeSpan Wall)
    {
        public double PerBudgetMinute => (double)Delivered / (BulkRequests + SingleRequests) * RequestsPerMinute;
    }
}
