using Npgsql;

namespace GuestSync.Gateway.Postgres;

/// <summary>
/// The gateway's tables in PostgreSQL, as ordered migrations. <see cref="MigrateAsync"/> applies the missing ones
/// at start in one transaction under an advisory lock, so replicas starting together migrate once and the others
/// find the work done. A migration once released is never edited: a change is a new entry at the end.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The setting that names the database, quoted by every start error.</summary>
    public const string Setting = "ConnectionStrings:GuestSync";

    // Arbitrary but fixed: every replica must take the same advisory lock ("GSschema").
    private const long MigrationLockKey = 0x4753_7363_6865_6D61;

    private static readonly string[] Migrations =
    [
        PostgresMigrations.Outbox,
        PostgresMigrations.FleetCoordination,
        PostgresMigrations.InFlight,
        PostgresMigrations.Idempotency,
        PostgresMigrations.OutboxTraceParent,
    ];

    /// <summary>The schema version this gateway writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>. Throws <see cref="PostgresStoreStartException"/>
    /// naming <see cref="Setting"/> when the database cannot be used.</summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
            await ExecuteAsync(
                connection,
                "CREATE TABLE IF NOT EXISTS guestsync_schema (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            var applied = await AppliedVersionAsync(connection, cancellationToken);
            if (applied > CurrentVersion)
            {
                throw new PostgresStoreStartException(
                    $"The PostgreSQL database named by {Setting} has schema version {applied}, newer than this gateway's {CurrentVersion}: " +
                    "run the newer gateway, or point the setting at another database.");
            }

            for (var version = applied + 1; version <= CurrentVersion; version++)
            {
                await ExecuteAsync(connection, Migrations[version - 1], cancellationToken);
                await ExecuteAsync(connection, $"INSERT INTO guestsync_schema (version) VALUES ({version})", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException and not PostgresStoreStartException)
        {
            throw PostgresStoreStartException.Unusable(ex);
        }
    }

    private static async Task<int> AppliedVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM guestsync_schema", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
