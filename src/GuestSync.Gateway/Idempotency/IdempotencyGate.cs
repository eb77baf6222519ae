using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Profiles;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Idempotency;

/// <summary>
/// The request path of idempotency keys: for a validated, authorized submission with a key, claim the key in the
/// store and say whether to go on (the answer will be recorded through <see cref="AnswerWriter"/>), replay the kept
/// answer, or refuse with 409 (in progress) or 422 (another submission). A store that cannot answer is a 503:
/// nothing is sent whose repeat could not be recognised.
/// </summary>
internal sealed partial class IdempotencyGate
{
    private readonly IIdempotencyStore _store;
    private readonly IdempotencyFingerprints _fingerprints;
    private readonly IdempotencyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IdempotencyGate> _logger;

    public IdempotencyGate(IIdempotencyStore store, IdempotencyFingerprints fingerprints, IOptions<IdempotencyOptions> options, TimeProvider timeProvider, ILogger<IdempotencyGate> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _fingerprints = fingerprints ?? throw new ArgumentNullException(nameof(fingerprints));
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async ValueTask<IdempotencyDecision> BeginAsync(HttpContext http, string profileName, Submission submission, string key)
    {
        ArgumentNullException.ThrowIfNull(http);
        var scope = _fingerprints.For(profileName, submission, key);
        var token = Guid.NewGuid();
        var now = _timeProvider.GetUtcNow();
        IdempotencyClaim claim;
        try
        {
            // Not the browser's token: a claim half made when the browser leaves would hold the key for a lease.
            claim = await _store.ClaimAsync(scope, token, now, now + _options.Lease, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.StoreUnavailable(_logger, profileName, ex.GetType().Name);
            return new(null, SyncAnswer.Unavailable("Submissions with an idempotency key cannot be checked now", TimeSpan.FromSeconds(5)));
        }

        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Claimed:
                var recording = new IdempotencyRecording(_store, scope.Id, token, _timeProvider, _options.Retention, _logger);
                http.Features.Set<IAnswerRecordingFeature>(recording);
                http.Response.RegisterForDisposeAsync(recording);
                return IdempotencyDecision.Proceed;
            case IdempotencyClaimStatus.Completed:
                Log.Replayed(_logger, profileName, claim.Answer!.Status);
                return new(claim.Answer, null);
            case IdempotencyClaimStatus.InProgress:
                return new(null, SyncAnswer.KeyInProgress(_options.InProgressRetryAfter));
            default:
                Log.Reused(_logger, profileName);
                return new(null, SyncAnswer.KeyReused());
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Keyed submission for profile {Profile} answered again with its kept {Status}; nothing sent upstream")]
        public static partial void Replayed(ILogger logger, string profile, int status);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Idempotency key reused for a different submission on profile {Profile}; refused with 422")]
        public static partial void Reused(ILogger logger, string profile);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "The idempotency store could not be used for profile {Profile} ({Exception}); the keyed submission got 503")]
        public static partial void StoreUnavailable(ILogger logger, string profile, string exception);
    }
}
