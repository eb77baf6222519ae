using System.Text;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>
/// The <see cref="IOutboxStore"/> contract, run against every store (one derived class each: SQLite and
/// PostgreSQL), so both keep the same semantics. Written from SqliteOutboxStoreTests; the store-specific
/// parts (a garbage file, multi-replica races) stay in each store's own test class.
/// </summary>
public abstract class OutboxStoreContractTests : IAsyncLifetime
{
    private const string Guest = "6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e";
    private const string Owner = "test-owner";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
    private readonly OutboxTestSubmissions _submissions;
    private IOutboxStore _store = null!;

    protected OutboxStoreContractTests() => _submissions = new OutboxTestSubmissions(_time);

    public async Task InitializeAsync() => _store = await CreateStoreAsync(_time, maxPending: 1000, logger: null);

    public abstract Task DisposeAsync();

    /// <summary>A new, empty, initialized store.</summary>
    private protected abstract Task<IOutboxStore> CreateStoreAsync(TimeProvider time, int maxPending, ILogger? logger);

    /// <summary>The store as it restarts after the process died: the first store is dropped without draining.</summary>
    private protected abstract Task<IOutboxStore> RestartAsync(TimeProvider time);

    /// <summary>Everything the store holds at rest, as an attacker with its files (or a dump) would read it.</summary>
    private protected abstract Task<byte[]> RawStoredBytesAsync();

    [Fact]
    public async Task Enqueued_submission_is_leased_with_exactly_the_bytes_that_were_built()
    {
        var submission = _submissions.For(Guest, ("name", "Ada"));

        var enqueued = await _store.EnqueueAsync(submission, default);
        var leased = Assert.Single(await LeaseAsync());

        Assert.False(enqueued.Merged);
        Assert.Equal(submission.Request.Body.ToArray(), leased.Request.Body.ToArray());
        Assert.Equal((submission.Request.Method, submission.Request.PathAndQuery, submission.Request.ContentType), (leased.Request.Method, leased.Request.PathAndQuery, leased.Request.ContentType));
        Assert.Equal((Guest, "default", submission.CorrelationId, 1L), (leased.GuestId, leased.Profile, leased.FirstCorrelationId, leased.Version));
    }

    [Fact]
    public async Task Second_submission_for_the_same_guest_joins_the_pending_item()
    {
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Ada")), default);
        _time.Advance(TimeSpan.FromSeconds(1));

        var second = await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Grace"), ("email", "grace@example.com")), default);

        Assert.True(second.Merged);
        Assert.Equal(2, second.Version);
        var item = Assert.Single(await LeaseAsync());
        Assert.Equal(["Grace", "2026-11-23T21:00:01.000Z", "grace@example.com"], OutboxBodies.Values(item.Request, _submissions.Keys));
    }

    [Fact]
    public async Task Pending_item_keeps_the_trace_context_of_the_latest_traced_submission_merged_into_it()
    {
        const string first = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        const string latest = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Ada")) with { TraceParent = first }, default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Grace")) with { TraceParent = latest }, default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Hedy")), default); // not traced: the link stays
        await _store.EnqueueAsync(_submissions.For("guest-untraced", ("name", "Ada")), default);

        var items = await LeaseAsync();

        Assert.Equal(latest, Assert.Single(items, i => i.GuestId == Guest).TraceParent);
        Assert.Null(Assert.Single(items, i => i.GuestId == "guest-untraced").TraceParent);
    }

    [Fact]
    public async Task Leased_item_is_not_leased_again_until_its_lease_ends()
    {
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Ada")), default);
        Assert.Single(await LeaseAsync());

        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await LeaseAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(await LeaseAsync());
    }

    [Fact]
    public async Task Completed_item_is_gone()
    {
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Ada")), default);
        var item = Assert.Single(await LeaseAsync());

        await _store.CompleteAsync(item, new DeliveryAttempt(_time.GetUtcNow(), 200, null, "c1"), default);

        Assert.False(await _store.HasPendingAsync(OutboxTestSubmissions.Org, item.Key, default));
        Assert.Equal(0, (await _store.BacklogAsync(OutboxTestSubmissions.Org, _time.GetUtcNow(), default)).Depth);
    }

    [Fact]
    public async Task Edit_merged_while_in_flight_survives_completion_and_is_due_at_once()
    {
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Ada")), default);
        var inFlight = Assert.Single(await LeaseAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Grace")), default);

        await _store.CompleteAsync(inFlight, new DeliveryAttempt(_time.GetUtcNow(), 200, null, null), default);

        var next = Assert.Single(await LeaseAsync());
        Assert.Equal(2, next.Version);
        Assert.Equal("Grace", OutboxBodies.Values(next.Request, _submissions.Keys)[0]);
    }

    [Fact]
    public async Task Item_to_retry_later_is_not_leased_before_its_time_and_keeps_the_attempt()
    {
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Ada")), default);
        var item = Assert.Single(await LeaseAsync());

        await _store.RetryLaterAsync(item, new DeliveryAttempt(_time.GetUtcNow(), 429, "Too Many Requests", "genesys-1"), _time.GetUtcNow().AddSeconds(42), default);

        _time.Advance(TimeSpan.FromSeconds(41));
        Assert.Empty(await LeaseAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        var again = Assert.Single(await LeaseAsync());
        Assert.Equal((1, 429, "genesys-1"), (again.Attempts, again.LastStatus, again.LastGenesysCorrelationId));
    }

    [Fact]
    public async Task Dead_letter_keeps_the_sent_content_reason_status_and_genesys_correlation_id()
    {
        var submission = _submissions.For(Guest, ("name", "Ada"));
        await _store.EnqueueAsync(submission, default);
        var item = Assert.Single(await LeaseAsync());

        await _store.DeadLetterAsync(item, new DeliveryAttempt(_time.GetUtcNow(), 404, "Not Found", "genesys-404"), OutboxReasons.Status(404), default);

        Assert.False(await _store.HasPendingAsync(OutboxTestSubmissions.Org, item.Key, default));
        var letter = Assert.Single(await _store.DeadLettersAsync(10, default));
        Assert.Equal(("status-404", 404, "genesys-404", Guest, 1), (letter.Reason, letter.LastStatus, letter.LastGenesysCorrelationId, letter.GuestId, letter.Attempts));
        Assert.Equal(submission.Request.Body.ToArray(), letter.Request.Body.ToArray());
    }

    [Fact]
    public async Task Dead_lettering_a_version_that_was_edited_in_flight_keeps_the_newer_edit_pending()
    {
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Ada")), default);
        var item = Assert.Single(await LeaseAsync());
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Grace")), default);

        await _store.DeadLetterAsync(item, new DeliveryAttempt(_time.GetUtcNow(), 422, null, null), OutboxReasons.Status(422), default);

        Assert.Single(await _store.DeadLettersAsync(10, default));
        Assert.Equal(2, Assert.Single(await LeaseAsync()).Version);
    }

    [Fact]
    public async Task Requeued_dead_letter_is_pending_again_and_merges_into_a_newer_pending_edit()
    {
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Ada"), ("email", "ada@example.com")), default);
        await _store.DeadLetterAsync(Assert.Single(await LeaseAsync()), new DeliveryAttempt(_time.GetUtcNow(), 404, null, null), OutboxReasons.Status(404), default);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", "Grace")), default);

        var moved = await _store.RequeueDeadLettersAsync(null, _time.GetUtcNow(), default);

        Assert.Equal(1, moved);
        Assert.Empty(await _store.DeadLettersAsync(10, default));
        var item = Assert.Single(await LeaseAsync());
        Assert.Equal(["Grace", "2026-11-23T21:00:05.000Z", "ada@example.com"], OutboxBodies.Values(item.Request, _submissions.Keys));
        Assert.Equal(_time.GetUtcNow(), item.RequeuedAt);
    }

    [Fact]
    public async Task Purge_by_id_deletes_only_that_dead_letter_and_purge_all_deletes_the_rest()
    {
        foreach (var guest in new[] { "g1", "g2", "g3" })
        {
            await _store.EnqueueAsync(_submissions.For(guest, ("name", "Ada")), default);
        }

        foreach (var item in await LeaseAsync(max: 10))
        {
            await _store.DeadLetterAsync(item, new DeliveryAttempt(_time.GetUtcNow(), 404, null, null), OutboxReasons.Status(404), default);
        }

        var letters = await _store.DeadLettersAsync(10, default);
        Assert.Equal(1, await _store.PurgeDeadLettersAsync([letters[0].Id], default));
        Assert.Equal(["g2", "g3"], (await _store.DeadLettersAsync(10, default)).Select(l => l.GuestId));
        Assert.Equal(2, await _store.PurgeDeadLettersAsync(null, default));
        Assert.Empty(await _store.DeadLettersAsync(10, default));
    }

    [Fact]
    public async Task Items_are_leased_oldest_first_per_org()
    {
        await _store.EnqueueAsync(_submissions.For("g-new", _time.GetUtcNow().AddSeconds(2), ("name", "x")), default);
        await _store.EnqueueAsync(_submissions.For("g-old", _time.GetUtcNow().AddSeconds(1), ("name", "x")), default);
        await _store.EnqueueAsync(_submissions.For("g-other-org", ("name", "x")) with { Org = "emea" }, default);

        var leased = await LeaseAsync(max: 10);

        Assert.Equal(["g-old", "g-new"], leased.Select(i => i.GuestId));
        Assert.Equal(["default", "emea"], await _store.PendingOrgsAsync(default));
    }

    [Fact]
    public async Task Backlog_reports_depth_oldest_age_and_next_due_time()
    {
        await _store.EnqueueAsync(_submissions.For("g1", ("name", "x")), default);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _store.EnqueueAsync(_submissions.For("g2", ("name", "x")), default);
        foreach (var item in await LeaseAsync(max: 10))
        {
            await _store.RetryLaterAsync(item, new DeliveryAttempt(_time.GetUtcNow(), 503, null, null), _time.GetUtcNow().AddSeconds(10), default);
        }

        var backlog = await _store.BacklogAsync(OutboxTestSubmissions.Org, _time.GetUtcNow(), default);

        Assert.Equal(new OutboxBacklog("default", 2, TimeSpan.FromSeconds(30), _time.GetUtcNow().AddSeconds(10)), backlog);
    }

    [Fact]
    public async Task Full_store_refuses_a_new_guest_but_still_merges_an_edit_of_a_pending_one_and_logs_once_a_minute()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var store = await CreateStoreAsync(_time, maxPending: 1, factory.CreateLogger("outbox"));
        await store.EnqueueAsync(_submissions.For("g1", ("name", "Ada")), default);

        var full = await Assert.ThrowsAsync<OutboxUnavailableException>(() => store.EnqueueAsync(_submissions.For("g2", ("name", "Ada")), default));
        await Assert.ThrowsAsync<OutboxUnavailableException>(() => store.EnqueueAsync(_submissions.For("g3", ("name", "Ada")), default));
        var merged = await store.EnqueueAsync(_submissions.For("g1", ("name", "Grace")), default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<OutboxUnavailableException>(() => store.EnqueueAsync(_submissions.For("g4", ("name", "Ada")), default));

        Assert.True(full.IsFull);
        Assert.Contains("Delivery:MaxPending", full.Message, StringComparison.Ordinal);
        Assert.True(merged.Merged);
        var lines = logs.Entries.Where(e => e.Message.Contains("is full", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(LogLevel.Error, l.Level));
        Assert.Contains("1 more refusals", lines[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stored_data_holds_no_submitted_value_in_plaintext()
    {
        string[] values = ["Ada Lovelace", "ada.lovelace@example.com", "+442079460000", "Grace Hopper", "grace.hopper@example.org", "+14155550100"];
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", values[0]), ("email", values[1]), ("phone", values[2])), default);
        await _store.EnqueueAsync(_submissions.For("guest-2", ("name", values[3]), ("email", values[4]), ("phone", values[5])), default);
        await _store.DeadLetterAsync((await LeaseAsync(max: 1))[0], new DeliveryAttempt(_time.GetUtcNow(), 404, null, null), OutboxReasons.Status(404), default);

        var raw = await RawStoredBytesAsync();

        Assert.True(Contains(raw, Guest), "the guest id is stored, so the files were read");
        Assert.All(values, value => Assert.False(Contains(raw, value), "a submitted value is in the store's files"));
    }

    [Fact]
    public async Task Items_survive_a_restart_and_are_leasable_by_the_new_store()
    {
        var submission = _submissions.For(Guest, ("name", "Ada"));
        await _store.EnqueueAsync(submission, default);
        await _store.EnqueueAsync(_submissions.For("guest-2", ("name", "Grace")), default);
        Assert.Single(await LeaseAsync(max: 1)); // in flight when the process died
        _store = await RestartAsync(_time);

        var afterRestart = Assert.Single(await LeaseAsync(max: 10));
        Assert.Equal("guest-2", afterRestart.GuestId);
        await _store.CompleteAsync(afterRestart, new DeliveryAttempt(_time.GetUtcNow(), 200, null, null), default);
        _time.Advance(Lease);
        var abandoned = Assert.Single(await LeaseAsync(max: 10));
        Assert.Equal(submission.Request.Body.ToArray(), abandoned.Request.Body.ToArray());
    }

    private Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max = 5) =>
        _store.LeaseAsync(OutboxTestSubmissions.Org, Owner, max, _time.GetUtcNow(), Lease, default);

    // Text is stored as UTF-8 and bodies as they are: a plaintext value would appear as its UTF-8 bytes.
    private static bool Contains(byte[] raw, string value) => raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;
}
