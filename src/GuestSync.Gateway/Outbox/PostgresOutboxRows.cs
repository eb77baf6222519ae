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

    public static OutboxItem Item(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Org = r.GetString(1),
        Key = r.GetString(2),
        Profile = r.GetString(3),
        GuestId = r.GetString(4),
        Request = new OutboxRequest(r.GetString(5), r.GetString(6), r.GetString(7), r.GetFieldValue<byte[]>(8)),
        Targets = r.GetString(9),
        Version = r.GetInt64(10),
        FirstAcceptedAt = Time(r, 11),
        LastAcceptedAt = Time(r, 12),
        RequeuedAt = OptionalTime(r, 13),
        Attempts = r.GetInt32(14),
        FirstCorrelationId = r.GetString(15),
        LastStatus = r.IsDBNull(16) ? null : r.GetInt32(16),
        LastError = r.IsDBNull(17) ? null : r.GetString(17),
        LastGenesysCorrelationId = r.IsDBNull(18) ? null : r.GetString(18),
        LeaseOwner = r.IsDBNull(19) ? null : r.GetString(19),
        LeaseUntil = OptionalTime(r, 20),
        TraceParent = r.IsDBNull(21) ? null : r.GetString(21),
    };

    public static DeadLetter DeadLetter(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Org = r.GetString(1),
        Key = r.GetString(2),
        Profile = r.GetString(3),
        GuestId = r.GetString(4),
        Request = new OutboxRequest(r.GetString(5), r.GetString(6), r.GetString(7), r.GetFieldValue<byte[]>(8)),
        Targets = r.GetString(9),
        Reason = r.GetString(10),
        DeadAt = Time(r, 11),
        FirstAcceptedAt = Time(r, 12),
        LastAcceptedAt = Time(r, 13),
        Attempts = r.GetInt32(14),
        FirstCorrelationId = r.GetString(15),
        LastStatus = r.IsDBNull(16) ? null : r.GetInt32(16),
        LastError = r.IsDBNull(17) ? null : r.GetString(17),
        LastGenesysCorrelationId = r.IsDBNull(18) ? null : r.GetString(18),
    };

    public static DateTimeOffset Time(NpgsqlDataReader r, int ordinal) => r.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? OptionalTime(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<DateTimeOffset>(ordinal);
}
