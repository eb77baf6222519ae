using GuestSync.Gateway.Answers;

namespace GuestSync.Gateway.Idempotency;

/// <summary>
/// The claim of one request: <see cref="AnswerWriter"/> hands it the answer, which it stores for the key. Disposed
/// with the request: a claim that got no answer (the request failed before one was written) is released at once, so
/// a retry need not wait for the lease to end.
/// </summary>
internal sealed partial class IdempotencyRecording : IAnswerRecordingFeature, IAsyncDisposable
{
    private readonly IIdempotencyStore _store;
    private readonly byte[] _scopeId;
    private readonly Guid _token;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _retention;
    private readonly ILogger _logger;
    private bool _answered;

    public IdempotencyRecording(IIdempotencyStore store, byte[] scopeId, Guid token, TimeProvider timeProvider, TimeSpan retention, ILogger logger)
    {
        _store = store;
        _scopeId = scopeId;
        _token = token;
        _timeProvider = timeProvider;
        _retention = retention;
        _logger = logger;
    }

    public async Task RecordAsync(RecordedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        _answered = true;
        try
        {
            if (!await _store.CompleteAsync(_scopeId, _token, answer, _timeProvider.GetUtcNow() + KeepFor(answer), CancellationToken.None))
            {
                Log.ClaimLost(_logger, answer.Status);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The browser still gets its answer; the key stays in progress until its lease ends.
            Log.RecordFailed(_logger, answer.Status, ex.GetType().Name);
        }
    }

    /// <summary>An answer that asks the browser to come back later (<c>Retry-After</c>: nothing was changed) is kept only
    /// until then, so the repeat it invites is processed; every other answer for the retention.</summary>
    public TimeSpan KeepFor(RecordedAnswer answer) =>
        answer.RetryAfter is { } wait && wait < _retention ? wait : _retention;

    public async ValueTask DisposeAsync()
    {
        if (_answered)
        {
            return;
        }

        try
        {
            await _store.ReleaseAsync(_scopeId, _token, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ReleaseFailed(_logger, ex.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "The answer {Status} to a keyed submission was not kept: its claim had ended and another request took the key")]
        public static partial void ClaimLost(ILogger logger, int status);

        [LoggerMessage(EventId = 1311, Level = LogLevel.Error, Message = "The answer {Status} to a keyed submission could not be kept ({Exception}); a repeat gets 409 until the key's lease ends")]
        public static partial void RecordFailed(ILogger logger, int status, string exception);

        [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "An unanswered idempotency claim could not be released ({Exception}); it ends with its lease")]
        public static partial void ReleaseFailed(ILogger logger, string exception);
    }
}
