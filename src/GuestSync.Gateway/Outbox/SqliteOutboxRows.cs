using Microsoft.Data.Sqlite;

namespace GuestSync.Gateway.Outbox;

/// <summary>Column lists of the SQLite outbox tables and their row mapping (<see cref="OutboxRows"/>). Times are UTC ticks.</summary>
internal static class SqliteOutboxRows
{
    public const string PendingColumns = "id, org, key, profile, guest_id, method, path, content_type, body, targets, version, first_accepted_at, last_accepted_at, requeued_at, attempts, first_correlation_id, last_status, last_error, last_correlation_id, lease_owner, lease_until, trace_parent";

    public const string DeadLetterColumns = "id, org, key, profile, guest_id, method, path, content_type, body, targets, reason, dead_at, first_accepted_at, last_accepted_at, attempts, first_correlation_id, last_status, last_error, last_correlation_id";

    private static readonly OutboxRows Rows = new((r, ordinal) => Time(r.GetInt64(ordinal)));

    public static OutboxItem Item(SqliteDataReader r) => Rows.Item(r);

    public static DeadLetter DeadLetter(SqliteDataReader r) => Rows.DeadLetter(r);

    public static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    public static long Ticks(DateTimeOffset time) => time.UtcTicks;

    public static long? Ticks(DateTimeOffset? time) => time?.UtcTicks;
}
