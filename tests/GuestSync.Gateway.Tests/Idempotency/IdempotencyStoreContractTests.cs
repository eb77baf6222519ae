using System.Text;
using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Idempotency;
using GuestSync.Gateway.Tests.Postgres;

namespace GuestSync.Gateway.Tests.Idempotency;

/// <summary>The <see cref="IIdempotencyStore"/> contract, once for each engine.</summary>
public abstract class IdempotencyStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly RecordedAnswer Synced = new(200, "application/json; charset=utf-8", [], Encoding.UTF8.GetBytes("""{"status":"synced","guestId":"g"}"""));

    private IIdempotencyStore _store = null!;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_free_key_is_claimed_once_and_is_in_progress_for_the_next()
    {
        var scope = Scope(1);
        Assert.Equal(IdempotencyClaimStatus.Claimed, (await ClaimAsync(scope)).Status);
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await ClaimAsync(scope)).Status);
        Assert.Equal(IdempotencyClaimStatus.Mismatch, (await ClaimAsync(scope with { Fingerprint = Bytes(9) })).Status);
    }

    [Fact]
    public async Task A_completed_key_answers_with_the_recorded_answer_until_it_expires()
    {
        var scope = Scope(2);
        var token = Guid.NewGuid();
        await _store.ClaimAsync(scope, token, Now, Now.AddMinutes(2), CancellationToken.None);
        var answer = new RecordedAnswer(503, "application/problem+json", [new("Retry-After", "7")], Encoding.UTF8.GetBytes("{}"));

        Assert.True(await _store.CompleteAsync(scope.Id, token, answer, Now.AddHours(1), CancellationToken.None));
        var kept = await ClaimAsync(scope, Now.AddMinutes(59));
        var expired = await ClaimAsync(scope, Now.AddHours(1));

        Assert.Equal(IdempotencyClaimStatus.Completed, kept.Status);
        Assert.Equal((503, "application/problem+json", "Retry-After: 7\n", "{}"),
            (kept.Answer!.Status, kept.Answer.ContentType, kept.Answer.HeadersText(), Encoding.UTF8.GetString(kept.Answer.Body)));
        Assert.Equal(IdempotencyClaimStatus.Claimed, expired.Status);
    }

    [Fact]
    public async Task A_lease_that_ended_lets_another_claim_and_the_old_claim_cannot_complete()
    {
        var scope = Scope(3);
        var stale = Guid.NewGuid();
        await _store.ClaimAsync(scope, stale, Now, Now.AddSeconds(30), CancellationToken.None);

        var retaken = await _store.ClaimAsync(scope, Guid.NewGuid(), Now.AddSeconds(30), Now.AddSeconds(60), CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, retaken.Status);
        Assert.False(await _store.CompleteAsync(scope.Id, stale, Synced, Now.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_released_claim_frees_the_key_and_a_completed_one_is_not_released()
    {
        var released = Scope(4);
        var token = Guid.NewGuid();
        await _store.ClaimAsync(released, token, Now, Now.AddMinutes(2), CancellationToken.None);
        await _store.ReleaseAsync(released.Id, token, CancellationToken.None);
        var completed = Scope(5);
        var kept = Guid.NewGuid();
        await _store.ClaimAsync(completed, kept, Now, Now.AddMinutes(2), CancellationToken.None);
        await _store.CompleteAsync(completed.Id, kept, Synced, Now.AddHours(1), CancellationToken.None);
        await _store.ReleaseAsync(completed.Id, kept, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, (await ClaimAsync(released)).Status);
        Assert.Equal(IdempotencyClaimStatus.Completed, (await ClaimAsync(completed)).Status);
    }

    [Fact]
    public async Task Sweep_deletes_expired_records_only()
    {
        await _store.ClaimAsync(Scope(6), Guid.NewGuid(), Now, Now.AddMinutes(1), CancellationToken.None);
        await _store.ClaimAsync(Scope(7), Guid.NewGuid(), Now, Now.AddMinutes(5), CancellationToken.None);

        Assert.Equal(1, await _store.SweepAsync(Now.AddMinutes(1), 100, CancellationToken.None));
        Assert.Equal(0, await _store.SweepAsync(Now.AddMinutes(1), 100, CancellationToken.None));
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await ClaimAsync(Scope(7), Now.AddMinutes(1))).Status);
    }

    private protected abstract Task<IIdempotencyStore> CreateStoreAsync();

    private Task<IdempotencyClaim> ClaimAsync(IdempotencyScope scope, DateTimeOffset? at = null) =>
        _store.ClaimAsync(scope, Guid.NewGuid(), at ?? Now, (at ?? Now).AddMinutes(2), CancellationToken.None);

    private static IdempotencyScope Scope(byte id) => new(Bytes(id), Bytes((byte)(id + 100)));

    private static byte[] Bytes(byte value) => [.. Enumerable.Repeat(value, 32)];
}

public sealed class SqliteIdempotencyStoreContractTests : IdempotencyStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guestsync-idem-").FullName;
    private SqliteIdempotencyStore? _store;

    public override Task DisposeAsync()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private protected override async Task<IIdempotencyStore> CreateStoreAsync()
    {
        _store = new SqliteIdempotencyStore("Data Source=" + Path.Combine(_directory, "guestsync.db"));
        await _store.InitializeAsync(CancellationToken.None);
        return _store;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresIdempotencyStoreContractTests(PostgresClusterFixture cluster) : IdempotencyStoreContractTests
{
    private PostgresTestDatabase? _database;

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private protected override async Task<IIdempotencyStore> CreateStoreAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(cluster, migrate: false);
        var store = new PostgresIdempotencyStore(_database.NewReplica());
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
