using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Security.Abuse;
using GuestSync.Gateway.Security.BindingTokens;
using GuestSync.Gateway.Security.Redaction;

namespace GuestSync.Gateway.Security;

/// <summary>
/// The security checks a validated submission passes before its patch is built: the guest binding token, then
/// the per-guest rate limit. The one call the profile-sync handler makes into this feature.
/// </summary>
internal sealed partial class ProfileSyncGuard
{
    private readonly GuestBindingAuthorizer _binding;
    private readonly GuestRateLimiter _perGuest;
    private readonly GuestLogIds _logIds;
    private readonly ConcurrencyGate _gate;
    private readonly ILogger<ProfileSyncGuard> _logger;

    public ProfileSyncGuard(
        GuestBindingAuthorizer binding,
        GuestRateLimiter perGuest,
        GuestLogIds logIds,
        ConcurrencyGate gate,
        Microsoft.Extensions.Options.IOptions<RateLimitOptions> limits,
        ILogger<ProfileSyncGuard> logger)
    {
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        BodyReadTimeout = (limits ?? throw new ArgumentNullException(nameof(limits))).Value.BodyReadTimeout;
        _binding = binding ?? throw new ArgumentNullException(nameof(binding));
        _perGuest = perGuest ?? throw new ArgumentNullException(nameof(perGuest));
        _logIds = logIds ?? throw new ArgumentNullException(nameof(logIds));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>How long a post may take to deliver its body (<c>Security:RateLimits:BodyReadTimeout</c>).</summary>
    public TimeSpan BodyReadTimeout { get; }

    /// <summary>Takes the gateway-wide permit once the body is in; null when taken, otherwise the 503 to answer with.</summary>
    public SyncAnswer? Enter(HttpContext http) => _gate.TryEnter(http);

    /// <summary>Null when the post may be forwarded; otherwise the refusal to answer with.</summary>
    public async ValueTask<SyncAnswer?> AuthorizeAsync(HttpContext http, Profile profile, string guestId, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var profileName = profile.Name;
        if (await _binding.AuthorizeAsync(http, profile, guestId, fields) is { } refused)
        {
            return refused;
        }

        if (_perGuest.TryAcquire(guestId) is not { } wait)
        {
            // The keyed hash costs an HMAC: compute it only for a line that will be written. The submission's own line
            // (SubmissionLog, event 1100) says how it ended; this one is for tracing a post step by step.
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.Accepted(_logger, profileName, _logIds.For(guestId));
            }

            return null;
        }

        Log.GuestLimited(_logger, profileName, _logIds.For(guestId));
        return SyncAnswer.TooMany(wait);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "Profile sync post for profile {Profile} and guest {GuestHash} refused: the guest's rate limit is reached")]
        public static partial void GuestLimited(ILogger logger, string profile, string guestHash);

        [LoggerMessage(EventId = 6303, Level = LogLevel.Debug, Message = "Profile sync post for profile {Profile} and guest {GuestHash} accepted")]
        public static partial void Accepted(ILogger logger, string profile, string guestHash);
    }
}
