using System.Net;
using GuestSync.Gateway.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Outbox;

public sealed class OutboxCommandTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
    private readonly OutboxStoreFile _file = new();
    private readonly OutboxTestSubmissions _submissions;
    private SqliteOutboxStore _store = null!;
    private OutboxCommand _command = null!;

    public OutboxCommandTests() => _submissions = new OutboxTestSubmissions(_time);

    public async Task InitializeAsync()
    {
        _store = await _file.OpenAsync(_time);
        _command = new OutboxCommand(new OutboxAdmin(_store, _time));
        foreach (var guest in new[] { "g1", "g2" })
        {
            await _store.EnqueueAsync(_submissions.For(guest, ("name", "Ada Lovelace")), default);
        }

        foreach (var item in await _store.LeaseAsync("default", "t", 10, _time.GetUtcNow(), TimeSpan.FromMinutes(1), default))
        {
            await _store.DeadLetterAsync(item, new DeliveryAttempt(_time.GetUtcNow(), (int)HttpStatusCode.NotFound, null, "genesys-" + item.GuestId), OutboxReasons.Status(404), default);
        }
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Dead_letters_lists_ids_reasons_and_correlation_ids_but_no_value()
    {
        var (code, output) = await RunAsync("dead-letters");

        Assert.Equal(0, code);
        Assert.Contains("status-404", output, StringComparison.Ordinal);
        Assert.Contains("genesys-g2", output, StringComparison.Ordinal);
        Assert.Contains("2 dead letter(s)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requeue_by_id_moves_that_dead_letter_back_to_pending()
    {
        var id = (await _store.DeadLettersAsync(10, default))[0].Id;

        var (code, output) = await RunAsync("requeue", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((0, "requeued 1"), (code, output.Trim()));
        Assert.True(await _store.HasPendingAsync("default", "/api/v2/guests/g1", default));
        Assert.Single(await _store.DeadLettersAsync(10, default));
    }

    [Fact]
    public async Task Purge_all_deletes_every_dead_letter()
    {
        var (code, output) = await RunAsync("purge", "all");

        Assert.Equal((0, "purged 2"), (code, output.Trim()));
        Assert.Empty(await _store.DeadLettersAsync(10, default));
    }

    [Theory]
    [InlineData]
    [InlineData("requeue")]
    [InlineData("purge", "seven")]
    [InlineData("drop", "all")]
    public async Task Unknown_or_incomplete_verb_prints_usage_and_changes_nothing(params string[] args)
    {
        var (code, output) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("usage: outbox", output, StringComparison.Ordinal);
        Assert.Equal(2, (await _store.DeadLettersAsync(10, default)).Count);
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var code = await _command.RunAsync(args, output, default);
        return (code, output.ToString());
    }
}
