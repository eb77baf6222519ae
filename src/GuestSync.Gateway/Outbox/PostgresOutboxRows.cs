using Npgsql;

namespace GuestSync.Gateway.Outbox;

/// <summary>Column lists and row mapping of the PostgreSQL outbox tables (<c>PostgresMigrations.Outbox</c>).
/// Times are <c>timestamptz</c>, kept to the microsecond.</summary>
internal static class PostgresOutboxRows
{
    public const string PendingColumns =
        "id, org, key, profile, guest_id, method, path, content_type, body, targets, version, first_accepted_at, last_accepted_at, " +
        "requeued_at, attempts, first_correlation_id, last_status, last_error, last_correlation_id, lease_owner, lease_until, trace_parent";

    public const string DeadLetterColumns =
        "id, org, key, profile, guest_id, method, path, content_type, body, targets, reason, dead_at, first_accepted_at, last_accepted_at, " +
        "attempts, first_correlation_id, last_status, last_error, last_correlation_id";

    private static readonly OutboxRows Rows = new((r, ordinal) => r.GetFieldValue<DateTimeOffset>(ordinal));

    public static OutboxItem Item(NpgsqlDataReader r) => Rows.Item(r);

    public static DeadLetter DeadLetter(NpgsqlDataReader r) => Rows.DeadLetter(r);

    public static DateTimeOffset Time(NpgsqlDataReader r, int ordinal) => r.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? OptionalTime(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<DateTimeOffset>(ordinal);
}
