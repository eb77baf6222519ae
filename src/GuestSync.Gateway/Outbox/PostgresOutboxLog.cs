namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The PostgreSQL store's "cannot write" error, logged at most once a minute (a database outage under load would
/// otherwise log once per request). The same rule as <see cref="OutboxFaultLog"/>, whose unwritable message speaks
/// of SQLite error codes; to fold into it once the outbox work settles.
/// </summary>
internal sealed partial class PostgresOutboxLog(ILogger logger, TimeProvider timeProvider)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private DateTimeOffset _loggedAt = DateTimeOffset.MinValue;
    private int _suppressed;

    public void StoreUnavailable(string store, string reason)
    {
        int suppressed;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (_loggedAt != DateTimeOffset.MinValue && now - _loggedAt < Interval)
            {
                _suppressed++;
                return;
            }

            _loggedAt = now;
            suppressed = _suppressed;
            _suppressed = 0;
        }

        Log.StoreUnavailable(logger, store, reason, suppressed);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1710, Level = LogLevel.Error, Message = "The outbox {Store} cannot be written ({Reason}): submissions that would be queued are answered 503; {Suppressed} more failures since the last report")]
        public static partial void StoreUnavailable(ILogger logger, string store, string reason, int suppressed);
    }
}
