namespace GuestSync.Gateway.Outbox;

/// <summary>
/// Store faults logged at most once per minute each, not once per request: a full or unwritable store under
/// a burst would otherwise flood the log.
/// </summary>
internal sealed partial class OutboxFaultLog(ILogger logger, TimeProvider timeProvider)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private long _fullLoggedAt = long.MinValue;
    private long _unwritableLoggedAt = long.MinValue;
    private int _suppressedFull;
    private int _suppressedUnwritable;

    public void StoreFull(string store, int maxPending)
    {
        if (Due(ref _fullLoggedAt, ref _suppressedFull, out var suppressed))
        {
            Log.StoreFull(logger, store, maxPending, suppressed);
        }
    }

    public void StoreUnwritable(string store, int sqliteError)
    {
        if (Due(ref _unwritableLoggedAt, ref _suppressedUnwritable, out var suppressed))
        {
            Log.StoreUnwritable(logger, store, sqliteError, suppressed);
        }
    }

    private bool Due(ref long loggedAt, ref int suppressedCount, out int suppressed)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref loggedAt);
        if (last != long.MinValue && now - last < Interval.Ticks || Interlocked.CompareExchange(ref loggedAt, now, last) != last)
        {
            Interlocked.Increment(ref suppressedCount);
            suppressed = 0;
            return false;
        }

        suppressed = Interlocked.Exchange(ref suppressedCount, 0);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1700, Level = LogLevel.Error, Message = "The outbox {Store} is full (Delivery:MaxPending = {MaxPending}): new submissions are answered 503 until the backlog drains; {Suppressed} more refusals since the last report")]
        public static partial void StoreFull(ILogger logger, string store, int maxPending, int suppressed);

        [LoggerMessage(EventId = 1701, Level = LogLevel.Error, Message = "The outbox {Store} cannot be written (SQLite error {SqliteError}): new submissions are answered 503; {Suppressed} more failures since the last report")]
        public static partial void StoreUnwritable(ILogger logger, string store, int sqliteError, int suppressed);
    }
}
