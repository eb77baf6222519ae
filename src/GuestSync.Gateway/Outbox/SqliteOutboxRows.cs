using Microsoft.Data.Sqlite;

namespace GuestSync.Gateway.Outbox;

/// <summary>Reads rows of the SQLite schema into the outbox records.</summary>
internal static class SqliteOutboxRows
{
    public const string PendingColumns = "id, org, key, profile, guest_id, method, path, content_type, body, targets, version, first_accepted_at, last_accepted_at, requeued_at, attempts, first_correlation_id, last_status, last_error, last_correlation_id, lease_owner, lease_until, trace_parent";

    public const string DeadLetterColumns = "id, org, key, profile, guest_id, method, path, content_type, body, targets, reason, dead_at, first_accepted_at, last_accepted_at, attempts, first_correlation_id, last_status, last_error, last_correlation_id";

    public static OutboxItem Item(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Org = r.GetString(1),
        Key = r.GetString(2),
        Profile = r.GetString(3),
        GuestId = r.GetString(4),
        Request = new OutboxRequest(r.GetString(5), r.GetString(6), r.GetString(7), (byte[])r.GetValue(8)),
        Targets = r.GetString(9),
        Version = r.GetInt64(10),
        FirstAcceptedAt = Time(r.GetInt64(11)),
        LastAcceptedAt = Time(r.GetInt64(12)),
        RequeuedAt = r.IsDBNull(13) ? null : Time(r.GetInt64(13)),
        Attempts = r.GetInt32(14),
        FirstCorrelationId = r.GetString(15),
        LastStatus = r.IsDBNull(16) ? null : r.GetInt32(16),
        LastError = r.IsDBNull(17) ? null : r.GetString(17),
        LastGenesysCorrelationId = r.IsDBNull(18) ? null : r.GetString(18),
        LeaseOwner = r.IsDBNull(19) ? null : r.GetString(19),
        LeaseUntil = r.IsDBNull(20) ? null : Time(r.GetInt64(20)),
        TraceParent = r.IsDBNull(21) ? null : r.GetString(21),
    };

    public static DeadLetter DeadLetter(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Org = r.GetString(1),
        Key = r.GetString(2),
        Profile = r.GetString(3),
        GuestId = r.GetString(4),
        Request = new OutboxRequest(r.GetString(5), r.GetString(6), r.GetString(7), (byte[])r.GetValue(8)),
        Targets = r.GetString(9),
        Reason = r.GetString(10),
        DeadAt = Time(r.GetInt64(11)),
        FirstAcceptedAt = Time(r.GetInt64(12)),
        LastAcceptedAt = Time(r.GetInt64(13)),
        Attempts = r.GetInt32(14),
        FirstCorrelationId = r.GetString(15),
        LastStatus = r.IsDBNull(16) ? null : r.GetInt32(16),
        LastError = r.IsDBNull(17) ? null : r.GetString(17),
        LastGenesysCorrelationId = r.IsDBNull(18) ? null : r.GetString(18),
    };

    public static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    public static long Ticks(DateTimeOffset time) => time.UtcTicks;

    public static long? Ticks(DateTimeOffset? time) => time?.UtcTicks;
}
