using System.Data.Common;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// Maps a row of either store's outbox tables into the outbox records. Both stores list their columns in the same
/// order (<see cref="SqliteOutboxRows"/>, <see cref="PostgresOutboxRows"/>); only how a time is kept differs (SQLite:
/// UTC ticks, PostgreSQL: <c>timestamptz</c>), so each store gives its own way to read one.
/// </summary>
internal sealed class OutboxRows(Func<DbDataReader, int, DateTimeOffset> time)
{
    public OutboxItem Item(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Org = r.GetString(1),
        Key = r.GetString(2),
        Profile = r.GetString(3),
        GuestId = r.GetString(4),
        Request = Request(r),
        Targets = r.GetString(9),
        Version = r.GetInt64(10),
        FirstAcceptedAt = time(r, 11),
        LastAcceptedAt = time(r, 12),
        RequeuedAt = OptionalTime(r, 13),
        Attempts = r.GetInt32(14),
        FirstCorrelationId = r.GetString(15),
        LastStatus = OptionalInt(r, 16),
        LastError = OptionalString(r, 17),
        LastGenesysCorrelationId = OptionalString(r, 18),
        LeaseOwner = OptionalString(r, 19),
        LeaseUntil = OptionalTime(r, 20),
        TraceParent = OptionalString(r, 21),
    };

    public DeadLetter DeadLetter(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Org = r.GetString(1),
        Key = r.GetString(2),
        Profile = r.GetString(3),
        GuestId = r.GetString(4),
        Request = Request(r),
        Targets = r.GetString(9),
        Reason = r.GetString(10),
        DeadAt = time(r, 11),
        FirstAcceptedAt = time(r, 12),
        LastAcceptedAt = time(r, 13),
        Attempts = r.GetInt32(14),
        FirstCorrelationId = r.GetString(15),
        LastStatus = OptionalInt(r, 16),
        LastError = OptionalString(r, 17),
        LastGenesysCorrelationId = OptionalString(r, 18),
    };

    private static OutboxRequest Request(DbDataReader r) => new(r.GetString(5), r.GetString(6), r.GetString(7), (byte[])r.GetValue(8));

    private DateTimeOffset? OptionalTime(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : time(r, ordinal);

    private static int? OptionalInt(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt32(ordinal);

    private static string? OptionalString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
