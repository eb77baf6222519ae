using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace GuestSync.Gateway.Idempotency;

/// <summary>
/// Idempotency records of a fleet (<c>Store:Provider=Postgres</c>), so a repeat that reaches another replica is
/// recognised. A claim is one statement: <c>INSERT … ON CONFLICT (scope) DO UPDATE … WHERE expires_at &lt;= now</c>
/// (the unique index serializes two claims of one key: exactly one inserts or takes the expired record), and when
/// it claims nothing the live record is read and reported.
/// </summary>
internal sealed class PostgresIdempotencyStore : IIdempotencyStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresIdempotencyStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => PostgresSchema.MigrateAsync(_dataSource, cancellationToken);

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyScope scope, Guid token, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        // A record swept between the two statements is claimable again: try once more.
        for (var attempt = 0; ; attempt++)
        {
            await using (var claim = Command("""
                INSERT INTO guestsync_idempotency AS k (scope, fingerprint, token, completed, created_at, expires_at)
                VALUES (@scope, @fingerprint, @token, false, @now, @until)
                ON CONFLICT (scope) DO UPDATE
                    SET fingerprint = EXCLUDED.fingerprint, token = EXCLUDED.token, completed = false, created_at = EXCLUDED.created_at,
                        expires_at = EXCLUDED.expires_at, status = NULL, content_type = NULL, headers = NULL, body = NULL
                    WHERE k.expires_at <= @now
                RETURNING 1
                """, ("scope", scope.Id), ("fingerprint", scope.Fingerprint), ("token", token), ("now", now), ("until", leaseUntil)))
            {
                if (await claim.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    return IdempotencyClaim.Claimed;
                }
            }

            await using var select = Command(
                "SELECT fingerprint, completed, status, content_type, headers, body FROM guestsync_idempotency WHERE scope = @scope AND expires_at > @now",
                ("scope", scope.Id), ("now", now));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                if (attempt < 2)
                {
                    continue;
                }

                throw new InvalidOperationException("An idempotency key could be neither claimed nor read.");
            }

            return !reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(scope.Fingerprint) ? IdempotencyClaim.Mismatch
                : !reader.GetBoolean(1) ? IdempotencyClaim.InProgress
                : new IdempotencyClaim(IdempotencyClaimStatus.Completed, new RecordedAnswer(
                    reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    RecordedAnswer.ParseHeaders(reader.IsDBNull(4) ? null : reader.GetString(4)), reader.IsDBNull(5) ? [] : reader.GetFieldValue<byte[]>(5)));
        }
    }

    public async Task<bool> CompleteAsync(byte[] scopeId, Guid token, RecordedAnswer answer, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var command = Command("""
            UPDATE guestsync_idempotency SET completed = true, expires_at = @expires, status = @status, content_type = @type, headers = @headers, body = @body
            WHERE scope = @scope AND token = @token AND NOT completed
            """, ("expires", expiresAt), ("status", answer.Status), ("type", answer.ContentType), ("headers", answer.HeadersText()),
            ("body", answer.Body), ("scope", scopeId), ("token", token));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseAsync(byte[] scopeId, Guid token, CancellationToken cancellationToken)
    {
        await using var command = Command("DELETE FROM guestsync_idempotency WHERE scope = @scope AND token = @token AND NOT completed",
            ("scope", scopeId), ("token", token));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> SweepAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            DELETE FROM guestsync_idempotency WHERE scope IN (
                SELECT scope FROM guestsync_idempotency WHERE expires_at <= @now LIMIT @max FOR UPDATE SKIP LOCKED)
            """, ("now", now), ("max", max));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter(name, DBNull.Value),
                // timestamptz takes UTC only.
                DateTimeOffset time => new NpgsqlParameter<DateTimeOffset>(name, NpgsqlDbType.TimestampTz) { TypedValue = time.ToUniversalTime() },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }
}
