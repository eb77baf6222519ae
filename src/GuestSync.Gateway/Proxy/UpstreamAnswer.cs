using System.Net;
using System.Text.Json;
using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Problems;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// What the browser is told once Genesys answered (or did not). Genesys's body never reaches the browser:
/// it holds the whole profile. Only the field names Genesys rejected are passed on.
/// </summary>
internal sealed partial class UpstreamAnswer
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<UpstreamAnswer> _logger;

    public UpstreamAnswer(TimeProvider timeProvider, GatewayMetrics metrics, ILogger<UpstreamAnswer> logger)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task WriteAsync(HttpContext context, HttpResponseMessage? upstream, ProfileSyncFeature sync)
    {
        await WriteAnswerAsync(context, upstream, sync);
        _metrics.Submission(Outcome(context));
    }

    /// <summary>The <c>outcome</c> tag of <c>guestsync.submissions</c>, from what the browser was told.</summary>
    private static string Outcome(HttpContext context) => context.RequestAborted.IsCancellationRequested
        ? "abandoned"
        : context.Response.StatusCode switch
        {
            < 400 => "synced",
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status422UnprocessableEntity => "rejected",
            StatusCodes.Status503ServiceUnavailable => "unavailable",
            StatusCodes.Status504GatewayTimeout => "timeout",
            _ => "failed",
        };

    private Task WriteAnswerAsync(HttpContext context, HttpResponseMessage? upstream, ProfileSyncFeature sync)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sync);
        context.Response.Headers.CacheControl = "no-store";
        if (upstream is null)
        {
            return WriteTransportFailureAsync(context, sync);
        }

        var status = (int)upstream.StatusCode;
        var correlationId = CorrelationId(upstream);
        Log.UpstreamAnswered(_logger, sync.ProfileName, status, correlationId);
        return upstream.StatusCode switch
        {
            _ when upstream.IsSuccessStatusCode => WriteSyncedAsync(context, sync),
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => WriteRejectedAsync(context, upstream, sync),
            HttpStatusCode.NotFound => GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Guest not found", "Genesys Cloud has no guest with this id."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => WriteCredentialsRefusedAsync(context, sync, status, correlationId),
            HttpStatusCode.TooManyRequests => Unavailable(context, "Genesys Cloud is rate limiting", RetryAfter.Of(upstream, _timeProvider) ?? TimeSpan.FromSeconds(1)),
            HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout => GatewayProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Genesys Cloud did not answer in time"),
            _ when status >= 500 => GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Genesys Cloud failed", "Genesys Cloud could not apply the update; nothing was changed by the gateway."),
            _ => WriteUnexpectedAsync(context, sync, status, correlationId),
        };
    }

    private static Task WriteSyncedAsync(HttpContext context, ProfileSyncFeature sync)
    {
        var response = context.Response;
        if (sync.Profile.SuccessUrl is { Length: > 0 } successUrl && WantsHtml(context.Request))
        {
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = successUrl;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        return response.WriteAsJsonAsync(new SyncResult("synced", sync.GuestId), GatewayJsonContext.Default.SyncResult);
    }

    private async Task WriteRejectedAsync(HttpContext context, HttpResponseMessage upstream, ProfileSyncFeature sync)
    {
        var rejected = await RejectedFormFieldsAsync(upstream, sync, context.RequestAborted);
        var errors = rejected.ToDictionary(field => field, _ => new[] { "was rejected by Genesys Cloud" }, StringComparer.Ordinal);
        await GatewayProblems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "Genesys Cloud rejected the update",
            rejected.Count == 0 ? "Genesys Cloud did not say which field it rejected." : null, errors);
    }

    private Task WriteCredentialsRefusedAsync(HttpContext context, ProfileSyncFeature sync, int status, string? correlationId)
    {
        Log.CredentialsRefused(_logger, sync.ProfileName, status, correlationId);
        return GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "The gateway's Genesys credentials were refused",
            "This is a gateway configuration problem, not a problem with the submission.");
    }

    private Task WriteUnexpectedAsync(HttpContext context, ProfileSyncFeature sync, int status, string? correlationId)
    {
        Log.UnexpectedStatus(_logger, sync.ProfileName, status, correlationId);
        return GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Genesys Cloud refused the update");
    }

    private Task WriteTransportFailureAsync(HttpContext context, ProfileSyncFeature sync)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away; there is nobody to answer.
            return Task.CompletedTask;
        }

        var error = context.Features.Get<IForwarderErrorFeature>();
        Log.TransportFailed(_logger, sync.ProfileName, error?.Error.ToString() ?? "unknown", error?.Exception?.GetType().Name ?? "none");
        for (var exception = error?.Exception; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case GenesysUnavailableException { Cause: GenesysUnavailableCause.NoToken } noToken:
                    return Unavailable(context, "Genesys Cloud sign-in is unavailable", noToken.RetryAfter);
                case GenesysUnavailableException coolingDown:
                    return Unavailable(context, "Genesys Cloud is rate limiting", coolingDown.RetryAfter);
                case BrokenCircuitException broken:
                    return Unavailable(context, "Genesys Cloud is failing; the gateway is not sending for now", broken.RetryAfter ?? TimeSpan.FromSeconds(5));
                case RateLimiterRejectedException throttled:
                    return Unavailable(context, "Too many profile updates are waiting for Genesys Cloud", throttled.RetryAfter ?? TimeSpan.FromSeconds(1));
                case TimeoutRejectedException:
                    return GatewayProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Genesys Cloud did not answer in time");
            }
        }

        return error?.Error == ForwarderError.RequestTimedOut
            ? GatewayProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Genesys Cloud did not answer in time")
            : GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Genesys Cloud could not be reached");
    }

    private static Task Unavailable(HttpContext context, string title, TimeSpan retryAfter) =>
        GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, title,
            "Nothing was changed. Send the form again after the time in Retry-After.", retryAfter: retryAfter);

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

    private static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static string? CorrelationId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("ININ-Correlation-Id", out var values) ? values.FirstOrDefault() : null;

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
