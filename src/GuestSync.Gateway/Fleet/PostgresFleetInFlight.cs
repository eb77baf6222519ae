using Npgsql;

namespace GuestSync.Gateway.Fleet;

/// <summary><see cref="IFleetInFlight"/> on <c>guestsync_inflight(org, key, owner, until)</c>: one round trip to take
/// (an upsert that only overwrites an expired lease), one to drop. The rows need not survive a server crash (a lost row
/// only lets the backlog send a guest's queued edit while its live send is still out, i.e. the single-replica race the
/// merge already tolerates), so both skip the WAL flush.</summary>
internal sealed class PostgresFleetInFlight(NpgsqlDataSource dataSource) : IFleetInFlight
{
    public async Task<bool> TryBeginAsync(string org, string key, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "BEGIN; SET LOCAL synchronous_commit = off; " +
            "INSERT INTO guestsync_inflight AS f (org, key, owner, until) VALUES (@org, @key, @owner, @until) " +
            "ON CONFLICT (org, key) DO UPDATE SET owner = excluded.owner, until = excluded.until WHERE f.until <= @now RETURNING 1; COMMIT");
        command.Parameters.AddWithValue("org", org);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("until", until.ToUniversalTime());
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task EndAsync(string org, string key, string owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "BEGIN; SET LOCAL synchronous_commit = off; DELETE FROM guestsync_inflight WHERE org = @org AND key = @key AND owner = @owner; COMMIT");
        command.Parameters.AddWithValue("org", org);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("owner", owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
