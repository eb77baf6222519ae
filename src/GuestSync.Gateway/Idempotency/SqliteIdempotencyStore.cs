using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Outbox;
using Microsoft.Data.Sqlite;
using static GuestSync.Gateway.Outbox.SqliteCommands;

namespace GuestSync.Gateway.Idempotency;

/// <summary>
/// Idempotency records in the store file (<c>ConnectionStrings:GuestSync</c>), beside the outbox, on a connection of
/// their own: WAL, one writer at a time, each claim a <c>BEGIN IMMEDIATE</c> transaction (read, then insert or
/// report), so two claims of one key cannot both win. <c>synchronous=NORMAL</c>: a record survives a process crash;
/// power loss may drop the last records, which costs at most one repeated send of a patch that replaces the same values.
/// </summary>
internal sealed class SqliteIdempotencyStore : IIdempotencyStore, IDisposable
{
    private const string Setting = "ConnectionStrings:GuestSync";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _connectionString;
    private SqliteConnection? _connection;

    public SqliteIdempotencyStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        File = builder.DataSource;
        _connectionString = builder.ToString();
    }

    /// <summary>The database file, as named in errors.</summary>
    public string File { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _connection ??= Open();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<IdempotencyClaim> ClaimAsync(IdempotencyScope scope, Guid token, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return WriteAsync(connection =>
        {
            using (var select = Command(connection, "SELECT fingerprint, completed, status, content_type, headers, body FROM idempotency_keys WHERE scope = $scope AND expires_at > $now",
                ("$scope", scope.Id), ("$now", now.UtcTicks)))
            using (var reader = select.ExecuteReader())
            {
                if (reader.Read())
                {
                    return !((byte[])reader[0]).AsSpan().SequenceEqual(scope.Fingerprint) ? IdempotencyClaim.Mismatch
                        : reader.GetInt64(1) == 0 ? IdempotencyClaim.InProgress
                        : new IdempotencyClaim(IdempotencyClaimStatus.Completed, new RecordedAnswer(
                            reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                            RecordedAnswer.ParseHeaders(reader.IsDBNull(4) ? null : reader.GetString(4)), reader.IsDBNull(5) ? [] : (byte[])reader[5]));
                }
            }

            Execute(connection, """
                INSERT OR REPLACE INTO idempotency_keys (scope, fingerprint, token, completed, created_at, expires_at)
                VALUES ($scope, $fingerprint, $token, 0, $now, $until)
                """, ("$scope", scope.Id), ("$fingerprint", scope.Fingerprint), ("$token", token.ToByteArray()), ("$now", now.UtcTicks), ("$until", leaseUntil.UtcTicks));
            return IdempotencyClaim.Claimed;
        }, cancellationToken);
    }

    public Task<bool> CompleteAsync(byte[] scopeId, Guid token, RecordedAnswer answer, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return WriteAsync(connection => Execute(connection, """
            UPDATE idempotency_keys SET completed = 1, expires_at = $expires, status = $status, content_type = $type, headers = $headers, body = $body
            WHERE scope = $scope AND token = $token AND completed = 0
            """, ("$expires", expiresAt.UtcTicks), ("$status", answer.Status), ("$type", answer.ContentType), ("$headers", answer.HeadersText()),
            ("$body", answer.Body), ("$scope", scopeId), ("$token", token.ToByteArray())) == 1, cancellationToken);
    }

    public Task ReleaseAsync(byte[] scopeId, Guid token, CancellationToken cancellationToken) =>
        WriteAsync(connection => Execute(connection, "DELETE FROM idempotency_keys WHERE scope = $scope AND token = $token AND completed = 0",
            ("$scope", scopeId), ("$token", token.ToByteArray())), cancellationToken);

    public Task<int> SweepAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        WriteAsync(connection => Execute(connection,
            "DELETE FROM idempotency_keys WHERE scope IN (SELECT scope FROM idempotency_keys WHERE expires_at <= $now LIMIT $max)",
            ("$now", now.UtcTicks), ("$max", max)), cancellationToken);

    public void Dispose()
    {
        _connection?.Dispose();
        _connection = null;
        _gate.Dispose();
    }

    private SqliteConnection Open()
    {
        if (File != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(File)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SqliteOutboxSchema.Scalar(connection, "PRAGMA journal_mode = WAL;");
            SqliteOutboxSchema.Scalar(connection, "PRAGMA synchronous = NORMAL;");
            SqliteOutboxSchema.Migrate(connection, File);
            return connection;
        }
        catch (Exception failure) when (failure is SqliteException or IOException or UnauthorizedAccessException)
        {
            connection.Dispose();
            throw new InvalidOperationException(
                $"The store '{File}' (setting {Setting}) cannot be opened for idempotency keys: {failure.Message} " +
                "Move the damaged file aside or point the setting at another file.", failure);
        }
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = _connection ??= Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = write(connection);
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
