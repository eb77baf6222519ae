using System.Net;
using System.Text.Json;
using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Profiles;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Yarp.ReverseProxy.Forwarder;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// Decides what the browser is told once Genesys answered (or did not). Genesys's body never reaches the browser:
/// it holds the whole profile. Only the field names Genesys rejected are passed on.
/// </summary>
internal sealed partial class UpstreamAnswer
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<UpstreamAnswer> _logger;

    public UpstreamAnswer(TimeProvider timeProvider, ILogger<UpstreamAnswer> logger)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The answer to the browser from Genesys's answer (null when no answer came) or the transport failure.</summary>
    public async ValueTask<SyncAnswer> DecideAsync(HttpContext context, HttpResponseMessage? upstream, ProfileSyncFeature sync)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sync);
        if (upstream is null)
        {
            return TransportFailure(context, sync);
        }

        var status = (int)upstream.StatusCode;
        var correlationId = GenesysCorrelationId.Of(upstream);
        Log.UpstreamAnswered(_logger, sync.ProfileName, status, correlationId);
        switch (upstream.StatusCode)
        {
            case var _ when upstream.IsSuccessStatusCode:
                return SyncAnswer.Synced(sync.GuestId, sync.Profile.SuccessUrl);
            case HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity:
                var rejected = await RejectedFormFieldsAsync(upstream, sync, context.RequestAborted);
                return SyncAnswer.Rejected(rejected.ToDictionary(field => field, _ => new[] { "was rejected by Genesys Cloud" }, StringComparer.Ordinal));
            case HttpStatusCode.NotFound:
                return SyncAnswer.NotFound();
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                Log.CredentialsRefused(_logger, sync.ProfileName, status, correlationId);
                return SyncAnswer.Failed("The gateway's Genesys credentials were refused",
                    "This is a gateway configuration problem, not a problem with the submission.") with { MayPass = true };
            case HttpStatusCode.TooManyRequests:
                return SyncAnswer.Unavailable("Genesys Cloud is rate limiting", RetryAfter.Of(upstream, _timeProvider) ?? TimeSpan.FromSeconds(1)) with { MayPass = true };
            case HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout:
                return SyncAnswer.Timeout() with { MayPass = true };
            case var _ when status >= 500:
                return SyncAnswer.Failed("Genesys Cloud failed", "Genesys Cloud could not apply the update; nothing was changed by the gateway.") with { MayPass = true };
            default:
                Log.UnexpectedStatus(_logger, sync.ProfileName, status, correlationId);
                return SyncAnswer.Failed("Genesys Cloud refused the update");
        }
    }

    /// <summary>No answer from Genesys: every cause may pass (the chain's refusals, a timeout, a transport error).</summary>
    private SyncAnswer TransportFailure(HttpContext context, ProfileSyncFeature sync) => TransportFailureAnswer(context, sync) with { MayPass = true };

    private SyncAnswer TransportFailureAnswer(HttpContext context, ProfileSyncFeature sync)
    {
        // The chain's own refusals (no token, cool-down, open breaker, throttle, budget) are named by the submission's
        // line (SubmissionLog), and a failing token endpoint or an opening breaker logs itself once per event: a line per
        // post here would repeat them. Only a failure of the transport itself is logged here.
        var error = context.Features.Get<IForwarderErrorFeature>();
        for (var exception = error?.Exception; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case GenesysUnavailableException { Cause: GenesysUnavailableCause.NoToken } noToken:
                    return SyncAnswer.Unavailable("Genesys Cloud sign-in is unavailable", noToken.RetryAfter);
                case GenesysUnavailableException coolingDown:
                    return SyncAnswer.Unavailable("Genesys Cloud is rate limiting", coolingDown.RetryAfter);
                case BrokenCircuitException broken:
                    return SyncAnswer.Unavailable("Genesys Cloud is failing; the gateway is not sending for now", broken.RetryAfter ?? TimeSpan.FromSeconds(5));
                case RateLimiterRejectedException throttled:
                    return SyncAnswer.Unavailable("Too many profile updates are waiting for Genesys Cloud", throttled.RetryAfter ?? TimeSpan.FromSeconds(1));
                case TimeoutRejectedException:
                    return SyncAnswer.Timeout();
            }
        }

        if (!context.RequestAborted.IsCancellationRequested)
        {
            Log.TransportFailed(_logger, sync.ProfileName, error?.Error.ToString() ?? "unknown", error?.Exception?.GetType().Name ?? "none");
        }

        return error?.Error == ForwarderError.RequestTimedOut ? SyncAnswer.Timeout() : SyncAnswer.Failed("Genesys Cloud could not be reached");
    }

    /// <summary>The form fields whose targets Genesys named in <c>details[].fieldName</c>.</summary>
    private static async Task<IReadOnlyCollection<string>> RejectedFormFieldsAsync(HttpResponseMessage upstream, ProfileSyncFeature sync, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (upstream.Content.Headers.ContentLength is > MaxErrorBodyBytes)
        {
            return names;
        }

        try
        {
            var body = await upstream.Content.ReadAsByteArrayAsync(cancellationToken);
            using var json = JsonDocument.Parse(body.AsMemory(0, Math.Min(body.Length, MaxErrorBodyBytes)));
            if (!json.RootElement.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Array)
            {
                return names;
            }

            foreach (var detail in details.EnumerateArray())
            {
                if (detail.ValueKind == JsonValueKind.Object
                    && detail.TryGetProperty("fieldName", out var fieldName)
                    && fieldName.GetString() is { Length: > 0 } target
                    && FormFieldFor(sync, target) is { } formField)
                {
                    names.Add(formField);
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable error body names no field.
        }

        return names;
    }

    private static string? FormFieldFor(ProfileSyncFeature sync, string upstreamField)
    {
        var bare = upstreamField.TrimStart('$', '.', '/');
        if (sync.Profile.Dialect == PatchDialect.ContactsEnrich)
        {
            // An enrich error names the request's own members: contact.<field> or matchingIdentifiers[i].value (the guest id).
            if (bare.StartsWith("matchingIdentifiers", StringComparison.Ordinal))
            {
                return sync.Profile.GuestIdField;
            }

            bare = bare.StartsWith("contact.", StringComparison.Ordinal) ? bare["contact.".Length..] : bare;
        }

        foreach (var (formField, field) in sync.Profile.Fields)
        {
            var target = field.Target.TrimStart('$', '.', '/');
            if (string.Equals(target, bare, StringComparison.OrdinalIgnoreCase))
            {
                return formField;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1500, Level = LogLevel.Debug, Message = "Genesys answered {Status} for profile {Profile} (ININ-Correlation-Id {CorrelationId})")]
        public static partial void UpstreamAnswered(ILogger logger, string profile, int status, string? correlationId);

        [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "Genesys refused the gateway's credentials with {Status} for profile {Profile} after a token renewal (ININ-Correlation-Id {CorrelationId}): check the OAuth client's roles and divisions")]
        public static partial void CredentialsRefused(ILogger logger, string profile, int status, string? correlationId);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "Genesys answered an unexpected {Status} for profile {Profile} (ININ-Correlation-Id {CorrelationId})")]
        public static partial void UnexpectedStatus(ILogger logger, string profile, int status, string? correlationId);

        [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Genesys could not be reached for profile {Profile}: {Error} ({Exception})")]
        public static partial void TransportFailed(ILogger logger, string profile, string error, string exception);
    }
}
