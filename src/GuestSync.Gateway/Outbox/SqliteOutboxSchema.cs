using Microsoft.Data.Sqlite;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The SQLite schema of the store file (the outbox and the idempotency records), versioned with
/// <c>PRAGMA user_version</c>; each version's DDL is applied in order and never edited once released. Times are
/// UTC ticks. No column holds a plaintext personal value, a token or a secret: <c>body</c> is the built request
/// (ciphertext for encrypted fields), <c>targets</c> holds field paths and times, and idempotency records hold
/// digests and the gateway's own answers.
/// </summary>
internal static class SqliteOutboxSchema
{
    public const int Version = 3;

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

    /// <summary>Version 2: idempotency keys (issue 13). <c>scope</c> and <c>fingerprint</c> are digests; a running
    /// claim has <c>completed = 0</c> and expires at the end of its lease.</summary>
    private const string V2 = """
        CREATE TABLE idempotency_keys (
            scope BLOB PRIMARY KEY,
            fingerprint BLOB NOT NULL,
            token BLOB NOT NULL,
            completed INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            status INTEGER,
            content_type TEXT,
            headers TEXT,
            body BLOB
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
        PRAGMA user_version = 2;
        """;

    /// <summary>Version 3: the W3C <c>traceparent</c> of the gateway's span that queued a pending item (issue 15), null
    /// when it was not traced. Adding a nullable column rewrites no row: an existing file upgrades at start in place.</summary>
    private const string V3 = """
        ALTER TABLE pending ADD COLUMN trace_parent TEXT;
        PRAGMA user_version = 3;
        """;

    private static readonly string[] Migrations = [V1, V2, V3];

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
        // Read again inside the write lock: another connection to the file may have migrated meanwhile.
        using (var reread = connection.CreateCommand())
        {
            reread.Transaction = transaction;
            reread.CommandText = "PRAGMA user_version;";
            version = Convert.ToInt32(reread.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        for (var next = version + 1; next <= Version; next++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[next - 1];
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
