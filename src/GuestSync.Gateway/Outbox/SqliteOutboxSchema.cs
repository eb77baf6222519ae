using Microsoft.Data.Sqlite;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The SQLite schema, versioned with <c>PRAGMA user_version</c>. Times are UTC ticks. No column holds a
/// plaintext personal value, a token or a secret: <c>body</c> is the built request (ciphertext for encrypted
/// fields) and <c>targets</c> holds field paths and times.
/// </summary>
internal static class SqliteOutboxSchema
{
    public const int Version = 1;

    private const string Columns = """
        org TEXT NOT NULL,
        key TEXT NOT NULL,
        profile TEXT NOT NULL,
        guest_id TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        content_type TEXT NOT NULL,
        body BLOB NOT NULL,
        targets TEXT NOT NULL,
        first_accepted_at INTEGER NOT NULL,
        last_accepted_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        last_correlation_id TEXT,
        first_correlation_id TEXT NOT NULL
        """;

    private static readonly string V1 = $"""
        CREATE TABLE pending (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            {Columns},
            version INTEGER NOT NULL,
            requeued_at INTEGER,
            next_attempt_at INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER,
            UNIQUE (org, key)
        );
        CREATE INDEX pending_due ON pending (org, next_attempt_at);
        CREATE TABLE dead_letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            {Columns},
            reason TEXT NOT NULL,
            dead_at INTEGER NOT NULL
        );
        PRAGMA user_version = 1;
        """;

    /// <summary>Creates the schema in an empty file or checks the version of an existing one.</summary>
    public static void Migrate(SqliteConnection connection, string file)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
        {
            throw new InvalidOperationException(
                $"The outbox store '{file}' (setting ConnectionStrings:GuestSync) has schema version {version}, newer than this gateway's {Version}: it was written by a newer gateway.");
        }

        if (version == Version)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = V1;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
