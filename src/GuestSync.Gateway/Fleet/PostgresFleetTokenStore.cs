using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Genesys.Tokens;
using Npgsql;

namespace GuestSync.Gateway.Fleet;

/// <summary>
/// <see cref="IFleetTokenStore"/> on the row <c>guestsync_fleet_tokens(org)</c>. The replica that fetches holds the
/// row lock (<c>SELECT … FOR UPDATE</c>) for the duration of the token request, so the others queue on the lock and
/// read the result; this is the one transaction the gateway holds across an HTTP call, bounded by the token
/// request's own timeout and by <c>idle_in_transaction_session_timeout</c> should the fetching replica hang.
/// </summary>
internal sealed class PostgresFleetTokenStore : IFleetTokenStore
{
    /// <summary>How long a replica waits for another's fetch before giving up (503, try again).</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    /// <summary>A fetching replica that hangs this long inside its transaction is cut off by PostgreSQL.</summary>
    public static readonly TimeSpan FetchLimit = TimeSpan.FromSeconds(60);

    private const string Columns = "version, sealed, refresh_at, expires_at, failed_until";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;

    public PostgresFleetTokenStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public async Task<FleetToken> GetOrFetchAsync(FleetTokenScope scope, Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(fetch);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        var stored = await ReadAsync(connection, scope, lockMode: null, cancellationToken);
        if (stored is null)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO guestsync_fleet_tokens (org) VALUES (@org) ON CONFLICT (org) DO NOTHING", connection);
            insert.Parameters.AddWithValue("org", scope.Org);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        else if (stored.Fresh(_timeProvider.GetUtcNow()) is { } fresh)
        {
            return fresh;
        }

        var stillValid = stored?.Valid(_timeProvider.GetUtcNow());
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var limits = new NpgsqlCommand(
            $"SET LOCAL lock_timeout = {(int)LockWait.TotalMilliseconds}; SET LOCAL idle_in_transaction_session_timeout = {(int)FetchLimit.TotalMilliseconds}",
            connection,
            transaction))
        {
            await limits.ExecuteNonQueryAsync(cancellationToken);
        }

        // Refreshing early: if another replica is already at it, keep the still-valid token rather than wait.
        StoredToken? locked;
        try
        {
            locked = await ReadAsync(connection, scope, stillValid is null ? "FOR UPDATE" : "FOR UPDATE SKIP LOCKED", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new GenesysUnavailableException($"Another replica has been fetching the token of organization '{scope.Org}' for over {LockWait.TotalSeconds:0} s.", ex)
            {
                RetryAfter = scope.FailureBackoff,
            };
        }

        if (locked is null)
        {
            return stillValid!;
        }

        var now = _timeProvider.GetUtcNow();
        if (locked.Fresh(now) is { } fetchedByAnother)
        {
            await transaction.CommitAsync(cancellationToken);
            return fetchedByAnother;
        }

        if (locked.FailedUntil is { } failedUntil && now < failedUntil)
        {
            await transaction.CommitAsync(cancellationToken);
            return locked.Valid(now) ?? throw new GenesysUnavailableException(
                $"The token endpoint of organization '{scope.Org}' failed recently (seen by another replica); asking again after the back-off.")
            {
                RetryAfter = failedUntil - now,
            };
        }

        AccessToken token;
        try
        {
            token = await fetch(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(connection, scope, _timeProvider.GetUtcNow() + scope.FailureBackoff, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            throw;
        }

        var version = await StoreAsync(connection, scope, token, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FleetToken(token, version);
    }

    public async Task<bool> InvalidateAsync(string org, long version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(org);
        await using var command = _dataSource.CreateCommand(
            "UPDATE guestsync_fleet_tokens SET version = version + 1, sealed = NULL, refresh_at = NULL, expires_at = NULL " +
            "WHERE org = @org AND version = @version");
        command.Parameters.AddWithValue("org", org);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<StoredToken?> ReadAsync(NpgsqlConnection connection, FleetTokenScope scope, string? lockMode, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM guestsync_fleet_tokens WHERE org = @org {lockMode}", connection);
        command.Parameters.AddWithValue("org", scope.Org);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var version = reader.GetInt64(0);
        AccessToken? token = null;
        if (!reader.IsDBNull(1) && !reader.IsDBNull(2) && !reader.IsDBNull(3))
        {
            token = scope.Key.TryOpen(
                scope.Org,
                reader.GetFieldValue<byte[]>(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3));
        }

        var failedUntil = reader.IsDBNull(4) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(4);
        return new StoredToken(version, token, failedUntil);
    }

    private static async Task<long> StoreAsync(NpgsqlConnection connection, FleetTokenScope scope, AccessToken token, CancellationToken cancellationToken)
    {
        // Stored at PostgreSQL's precision (microseconds), the precision the seal authenticates.
        await using var command = new NpgsqlCommand(
            "UPDATE guestsync_fleet_tokens SET version = version + 1, sealed = @sealed, refresh_at = @refresh, expires_at = @expires, failed_until = NULL " +
            "WHERE org = @org RETURNING version",
            connection);
        command.Parameters.AddWithValue("org", scope.Org);
        command.Parameters.AddWithValue("sealed", scope.Key.Seal(scope.Org, token));
        command.Parameters.AddWithValue("refresh", token.RefreshAt.ToUniversalTime());
        command.Parameters.AddWithValue("expires", token.ExpiresAt.ToUniversalTime());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task RecordFailureAsync(NpgsqlConnection connection, FleetTokenScope scope, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE guestsync_fleet_tokens SET failed_until = @until WHERE org = @org", connection);
        command.Parameters.AddWithValue("org", scope.Org);
        command.Parameters.AddWithValue("until", until.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record StoredToken(long Version, AccessToken? Token, DateTimeOffset? FailedUntil)
    {
        public FleetToken? Fresh(DateTimeOffset now) => Token is { } token && now < token.RefreshAt ? new FleetToken(token, Version) : null;

        public FleetToken? Valid(DateTimeOffset now) => Token is { } token && now < token.ExpiresAt ? new FleetToken(token, Version) : null;
    }
}
