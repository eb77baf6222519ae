using Npgsql;

namespace GuestSync.Gateway.Fleet;

/// <summary>
/// Whether this replica can reach the shared database right now. Every coordination call reports here; after a
/// failure the replica works on its own (local share of the budget, its cached token, the local cool-down) and
/// asks the database again only after <c>Fleet:RetryInterval</c>, so an outage costs one timeout per interval, not
/// one per request. <c>/readyz</c> shows it; recovery is automatic on the first call that succeeds.
/// </summary>
internal sealed partial class FleetStoreHealth
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _retryInterval;
    private readonly ILogger<FleetStoreHealth> _logger;
    private long _downSinceTicks;
    private long _nextTryTicks;

    public FleetStoreHealth(TimeProvider timeProvider, TimeSpan retryInterval, ILogger<FleetStoreHealth> logger)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _retryInterval = retryInterval;
    }

    /// <summary>True while the last call to the database failed.</summary>
    public bool IsDown => Interlocked.Read(ref _downSinceTicks) != 0;

    /// <summary>False while the replica is between retries of an unreachable database: do not ask it, work locally.</summary>
    public bool ShouldTry => !IsDown || _timeProvider.GetUtcNow().UtcTicks >= Interlocked.Read(ref _nextTryTicks);

    /// <summary>True for the failures that mean "the database cannot be reached or used now".</summary>
    public static bool IsStoreFailure(Exception failure) =>
        failure is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException
        || (failure is OperationCanceledException && failure.InnerException is TimeoutException);

    public void ReportSuccess()
    {
        if (Interlocked.Exchange(ref _downSinceTicks, 0) != 0)
        {
            Log.Recovered(_logger);
        }
    }

    public void ReportFailure(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var now = _timeProvider.GetUtcNow();
        Interlocked.Exchange(ref _nextTryTicks, (now + _retryInterval).UtcTicks);
        if (Interlocked.CompareExchange(ref _downSinceTicks, now.UtcTicks, 0) == 0)
        {
            Log.Unreachable(_logger, failure is PostgresException postgres ? postgres.SqlState : failure.GetType().Name, _retryInterval);
        }
    }

    /// <summary>Runs one coordination call within <paramref name="timeout"/>; null (and the replica marked down) when
    /// the database cannot answer. Skips the call (null) while between retries.</summary>
    public async Task<T?> TryAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        var (ok, value) = await TryValueAsync(call, timeout, cancellationToken);
        return ok ? value : null;
    }

    /// <summary>As <see cref="TryAsync{T}"/>, for value results: (false, default) when the database cannot answer.</summary>
    public async Task<(bool Ok, T? Value)> TryValueAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!ShouldTry)
        {
            return (false, default);
        }

        using var limit = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            var value = await call(linked.Token);
            ReportSuccess();
            return (true, value);
        }
        catch (Exception failure) when (IsStoreFailure(failure) || (failure is OperationCanceledException && limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            ReportFailure(failure);
            return (false, default);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "The shared PostgreSQL store is unreachable ({Error}): this replica works on its own (local share of the budget, cached token, local cool-down) and answers 503 to what would be queued; trying the store again every {RetryInterval}")]
        public static partial void Unreachable(ILogger logger, string error, TimeSpan retryInterval);

        [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "The shared PostgreSQL store is reachable again: the fleet shares token, budget and cool-down again")]
        public static partial void Recovered(ILogger logger);
    }
}
