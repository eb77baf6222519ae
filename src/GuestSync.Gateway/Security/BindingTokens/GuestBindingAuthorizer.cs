using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Profiles;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Security.BindingTokens;

/// <summary>
/// Checks that a post may write the guest it names: a valid binding token (signature, algorithm, issuer,
/// audience, lifetime) whose guest claim equals the posted guest id. Refusals are 401/403 problems that say
/// which rule failed, never the token.
/// </summary>
internal sealed partial class GuestBindingAuthorizer
{
    /// <summary>Longer than any honest token; stops a megabyte header from reaching the JWT parser.</summary>
    public const int MaxTokenLength = 8 * 1024;

    /// <summary>
    /// The longest token accepted from either place: the profile's <c>Limits:MaxFieldLength</c> (default 2048), which the
    /// form field is held to anyway, at most <see cref="MaxTokenLength"/>. One rule, so header and field always agree.
    /// </summary>
    public static int MaxLengthFor(Profile profile) =>
        Math.Min(MaxTokenLength, (profile ?? throw new ArgumentNullException(nameof(profile))).Options.Limits.MaxFieldLength);

    private readonly TimeProvider _time;
    private readonly ILogger<GuestBindingAuthorizer> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public GuestBindingAuthorizer(TimeProvider time, ILogger<GuestBindingAuthorizer> logger)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Null when the post may go on; otherwise the refusal to answer with.</summary>
    public async ValueTask<SyncAnswer?> AuthorizeAsync(HttpContext http, Profile profile, string guestId, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(fields);
        var profileName = profile.Name;
        var policy = profile.Binding;
        if (!TryGetToken(http, policy, fields, out var token))
        {
            return Refuse(profileName, "The guest binding token was sent twice with different values");
        }

        if (token is null)
        {
            return policy.Required ? Refuse(profileName, "A guest binding token is required") : null;
        }

        if (!policy.CanValidate)
        {
            // Binding is off and no keys are configured: a token sent anyway cannot be checked and grants nothing.
            return null;
        }

        var failure = await ValidateAsync(token, guestId, policy, MaxLengthFor(profile));
        if (failure is null)
        {
            return null;
        }

        if (failure == Failure.OtherGuest)
        {
            Log.Refused(_logger, profileName, failure);
            return SyncAnswer.OtherGuest();
        }

        return Refuse(profileName, failure);
    }

    /// <summary>The token from the header or the field (empty counts as absent); false when they disagree or the header repeats.</summary>
    private static bool TryGetToken(HttpContext http, BindingPolicy policy, IReadOnlyDictionary<string, string> fields, out string? token)
    {
        var header = http.Request.Headers[policy.HeaderName];
        var fromHeader = header.Count == 1 && !string.IsNullOrEmpty(header[0]) ? header[0] : null;
        var fromField = fields.TryGetValue(policy.FieldName, out var value) && value.Length > 0 ? value : null;
        token = fromHeader ?? fromField;
        return header.Count <= 1 && (fromHeader is null || fromField is null || string.Equals(fromHeader, fromField, StringComparison.Ordinal));
    }

    private async Task<string?> ValidateAsync(string token, string guestId, BindingPolicy policy, int maxLength)
    {
        if (token.Length > maxLength)
        {
            return Failure.Malformed;
        }

        // The allow-list is checked on the header first so 'none' and algorithm confusion are named as such.
        if (!TryReadAlgorithm(token, out var algorithm))
        {
            return Failure.Malformed;
        }

        if (!policy.Parameters!.ValidAlgorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            return Failure.Algorithm;
        }

        var result = await _handler.ValidateTokenAsync(token, policy.Parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return Describe(result.Exception);
        }

        if (jwt.ValidTo - _time.GetUtcNow().UtcDateTime > policy.MaxLifetime + policy.Parameters.ClockSkew)
        {
            return Failure.TooLong;
        }

        return jwt.TryGetPayloadValue<string>(policy.GuestClaim, out var guest) && SameGuest(guest, guestId)
            ? null
            : Failure.OtherGuest;
    }

    private bool TryReadAlgorithm(string token, out string algorithm)
    {
        algorithm = string.Empty;
        if (!_handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            algorithm = new JsonWebToken(token).Alg ?? string.Empty;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The posted id is canonical already; a UUID claim may be in upper case, never in another spelling.</summary>
    private static bool SameGuest(string? claimed, string posted) =>
        string.Equals(claimed, posted, StringComparison.Ordinal)
        || (GuestIdRule.IsUuid(claimed) && GuestIdRule.IsUuid(posted) && string.Equals(claimed, posted, StringComparison.OrdinalIgnoreCase));

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => Failure.Expired,
        SecurityTokenNotYetValidException => Failure.NotYetValid,
        SecurityTokenNoExpirationException => Failure.NoExpiry,
        SecurityTokenInvalidAudienceException => Failure.Audience,
        SecurityTokenInvalidIssuerException => Failure.Issuer,
        SecurityTokenInvalidAlgorithmException => Failure.Algorithm,
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => Failure.Signature,
        _ => Failure.Malformed,
    };

    private SyncAnswer Refuse(string profileName, string detail)
    {
        Log.Refused(_logger, profileName, detail);
        return SyncAnswer.Unauthorized(detail);
    }

    /// <summary>Fixed sentences: the only token-related text that reaches a log line or a problem body.</summary>
    private static class Failure
    {
        public const string Expired = "The guest binding token has expired";
        public const string NotYetValid = "The guest binding token is not valid yet";
        public const string NoExpiry = "The guest binding token has no expiry";
        public const string TooLong = "The guest binding token lives longer than this gateway accepts";
        public const string Audience = "The guest binding token is for another audience";
        public const string Issuer = "The guest binding token is from an unknown issuer";
        public const string Algorithm = "The guest binding token uses an algorithm that is not allowed";
        public const string Signature = "The guest binding token's signature is not valid";
        public const string Malformed = "The guest binding token is malformed";
        public const string OtherGuest = "The guest binding token names another guest";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Profile sync post for profile {Profile} refused: {Reason}")]
        public static partial void Refused(ILogger logger, string profile, string reason);
    }
}
