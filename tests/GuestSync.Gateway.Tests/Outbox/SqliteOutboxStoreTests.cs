using System.Text;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>What only the SQLite store does; the contract both stores keep is <see cref="SqliteOutboxStoreContractTests"/>.</summary>
public sealed class SqliteOutboxStoreTests : IAsyncLifetime
{
    private const string Guest = "6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e";
    private const string Owner = "test-owner";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
    private readonly OutboxStoreFile _file = new();
    private readonly OutboxTestSubmissions _submissions;
    private SqliteOutboxStore _store = null!;

    public SqliteOutboxStoreTests() => _submissions = new OutboxTestSubmissions(_time);

    public async Task InitializeAsync() => _store = await _file.OpenAsync(_time);

    public Task DisposeAsync()
    {
        _store.Dispose();
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Garbage_file_fails_the_start_naming_the_file_and_the_setting()
    {
        using var file = new OutboxStoreFile();
        await File.WriteAllBytesAsync(file.Path, Encoding.ASCII.GetBytes(new string('x', 8192)));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => file.OpenAsync(_time));

        Assert.Contains(file.Path, failure.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:GuestSync", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_files_hold_no_submitted_value_in_plaintext()
    {
        string[] values = ["Ada Lovelace", "ada.lovelace@example.com", "+442079460000", "Grace Hopper", "grace.hopper@example.org", "+14155550100"];
        await _store.EnqueueAsync(_submissions.For(Guest, ("name", values[0]), ("email", values[1]), ("phone", values[2])), default);
        await _store.EnqueueAsync(_submissions.For("guest-2", ("name", values[3]), ("email", values[4]), ("phone", values[5])), default);
        await _store.DeadLetterAsync((await LeaseAsync(max: 1))[0], new DeliveryAttempt(_time.GetUtcNow(), 404, null, null), OutboxReasons.Status(404), default);

        var raw = _file.RawBytes();

        Assert.True(Contains(raw, Guest), "the guest id is stored, so the files were read");
        Assert.All(values, value => Assert.False(Contains(raw, value), "a submitted value is in the store's files"));
    }

    [Fact]
    public async Task A_version_2_file_with_a_pending_item_is_upgraded_in_place_and_keeps_the_item()
    {
        using var file = new OutboxStoreFile();
        using (var old = await file.OpenAsync(_time))
        {
            await old.EnqueueAsync(_submissions.For(Guest, ("name", "Ada")), default);
        }

        // The file as the gateway before issue 15 left it: no trace_parent column, schema version 2.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(file.ConnectionString + ";Pooling=False"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "ALTER TABLE pending DROP COLUMN trace_parent; PRAGMA user_version = 2;";
            downgrade.ExecuteNonQuery();
        }

        using var upgraded = await file.OpenAsync(_time);
        await upgraded.EnqueueAsync(_submissions.For("guest-2", ("name", "Grace")) with { TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" }, default);
        var items = await upgraded.LeaseAsync(OutboxTestSubmissions.Org, Owner, 5, _time.GetUtcNow(), Lease, default);

        Assert.Null(Assert.Single(items, i => i.GuestId == Guest).TraceParent);
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Assert.Single(items, i => i.GuestId == "guest-2").TraceParent);
        using var check = new Microsoft.Data.Sqlite.SqliteConnection(file.ConnectionString + ";Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(3L, (long)version.ExecuteScalar()!);
    }

    private Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max = 5) =>
        _store.LeaseAsync(OutboxTestSubmissions.Org, Owner, max, _time.GetUtcNow(), Lease, default);

    // SQLite stores TEXT as UTF-8 and BLOBs as they are: a plaintext value would appear as its UTF-8 bytes.
    private static bool Contains(byte[] raw, string value) => raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;
}
