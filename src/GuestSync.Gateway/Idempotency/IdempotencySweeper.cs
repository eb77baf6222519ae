using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Idempotency;

/// <summary>Deletes expired idempotency records every <c>Idempotency:SweepInterval</c>, in batches, off the request
/// path (a request never waits for a sweep; an expired record it meets is simply claimable).</summary>
internal sealed partial class IdempotencySweeper : BackgroundService
{
    public const int BatchSize = 1000;

    private readonly IIdempotencyStore _store;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IdempotencySweeper> _logger;

    public IdempotencySweeper(IIdempotencyStore store, IOptions<IdempotencyOptions> options, TimeProvider timeProvider, ILogger<IdempotencySweeper> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _interval = options?.Value.SweepInterval ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>One sweep: deletes every record expired by now. Returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await _store.SweepAsync(_timeProvider.GetUtcNow(), BatchSize, cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0)
        {
            Log.Swept(_logger, total);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    Log.SweepFailed(_logger, ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1320, Level = LogLevel.Debug, Message = "Deleted {Count} expired idempotency keys")]
        public static partial void Swept(ILogger logger, int count);

        [LoggerMessage(EventId = 1321, Level = LogLevel.Warning, Message = "Sweeping expired idempotency keys failed ({Exception}); the next sweep tries again")]
        public static partial void SweepFailed(ILogger logger, string exception);
    }
}
