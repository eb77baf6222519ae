using GuestSync.Gateway.Forms;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// Everything the browser is told about one profile-sync post, and the <c>outcome</c> recorded for it in
/// <c>guestsync.submissions</c>. Every answer is made here and written by <see cref="AnswerWriter"/> only.
/// Titles and details are fixed sentences of the gateway's own: never a submitted value, a Genesys body,
/// a token or an exception message.
/// </summary>
internal sealed record SyncAnswer(int Status, string Outcome, string Title)
{
    private const string NothingChanged = "Nothing was changed. Send the form again after the time in Retry-After.";

    public string? Detail { get; init; }

    /// <summary>Field name → what is wrong with it (problem answers only).</summary>
    public IDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Sent as <c>Retry-After</c>, in whole seconds rounded up, at least 1.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The <c>Allow</c> header of a 405.</summary>
    public string? Allow { get; init; }

    /// <summary>The <c>WWW-Authenticate</c> header of a 401.</summary>
    public string? WwwAuthenticate { get; init; }

    /// <summary>The guest a success answer names (<c>{"status":"&lt;outcome&gt;","guestId":"…"}</c>); null for problems.</summary>
    public string? GuestId { get; init; }

    /// <summary>Where a plain HTML form post is sent (303) after a success, instead of the JSON body.</summary>
    public string? SuccessUrl { get; init; }

    /// <summary>
    /// The stable, machine-readable code of a failure, sent as <c>reason</c> to a profile's <c>ErrorUrl</c>:
    /// <c>invalid-fields</c>, <c>malformed</c>, <c>binding-invalid</c>, <c>cross-site</c>, <c>rate-limited</c>,
    /// <c>unavailable</c>, <c>not-found</c>, <c>rejected</c>, <c>failed</c>, … (README, "Plain HTML forms").
    /// Default: the outcome, with '-' for '_'.
    /// </summary>
    public string Reason { get; init; } = Outcome.Replace('_', '-');

    /// <summary>
    /// Whether the submission may be queued instead of this answer: Genesys could not take it now for a reason that
    /// may pass (429 or cool-down, throttle full, breaker open, 408/5xx/transport failure/timeout, no token, the
    /// gateway's own credentials refused). Permanent answers (400, 404, 409, 422) are never queueable.
    /// </summary>
    public bool MayPass { get; init; }

    public static SyncAnswer Synced(string guestId, string? successUrl) =>
        new(StatusCodes.Status200OK, "synced", "Synced") { GuestId = guestId, SuccessUrl = successUrl };

    /// <summary>Written durably to the outbox; it is delivered to Genesys when it can take it (202, or 303 for a plain HTML post).</summary>
    public static SyncAnswer Queued(string guestId, string? successUrl) =>
        new(StatusCodes.Status202Accepted, "queued", "Queued") { GuestId = guestId, SuccessUrl = successUrl };

    public static SyncAnswer Invalid(FormProblem problem) =>
        new(problem.Status, "invalid", problem.Title)
        {
            Detail = problem.Detail,
            Errors = problem.Errors,
            Allow = problem.Allow,
            Reason = InvalidReason(problem),
        };

    public static SyncAnswer Refused(int status, string title, string? detail = null) => new(status, "refused", title) { Detail = detail };

    public static SyncAnswer Unauthorized(string detail) =>
        Refused(StatusCodes.Status401Unauthorized, "Guest binding token missing or not valid", detail) with
        {
            WwwAuthenticate = "Bearer realm=\"guest-binding\", error=\"invalid_token\"",
            Reason = "binding-invalid",
        };

    /// <summary>403: the binding token is valid but names another guest.</summary>
    public static SyncAnswer OtherGuest() =>
        Refused(StatusCodes.Status403Forbidden, "The guest binding token names another guest") with { Reason = "binding-other-guest" };

    /// <summary>403: a browser posted from a site the profile does not list.</summary>
    public static SyncAnswer CrossSite() =>
        Refused(StatusCodes.Status403Forbidden, "Cross-site post refused", "This form may only be posted from the sites configured for it.") with
        {
            Reason = "cross-site",
        };

    public static SyncAnswer TooMany(TimeSpan wait) =>
        Refused(StatusCodes.Status429TooManyRequests, "Too many requests", "Try again after the number of seconds in Retry-After.") with
        {
            RetryAfter = wait,
            Reason = "rate-limited",
        };

    public static SyncAnswer Unavailable(string title, TimeSpan retryAfter, string? detail = NothingChanged) =>
        new(StatusCodes.Status503ServiceUnavailable, "unavailable", title) { Detail = detail, RetryAfter = retryAfter };

    /// <summary>409: the first request with this idempotency key is still being processed.</summary>
    public static SyncAnswer KeyInProgress(TimeSpan retryAfter) =>
        new(StatusCodes.Status409Conflict, "in_progress", "A submission with this idempotency key is still being processed")
        {
            Detail = "Send it again after the time in Retry-After to get its answer.",
            RetryAfter = retryAfter,
        };

    /// <summary>422: the idempotency key was used before for a different submission.</summary>
    public static SyncAnswer KeyReused() =>
        new(StatusCodes.Status422UnprocessableEntity, "key_reused", "This idempotency key was used for a different submission")
        {
            Detail = "Nothing was sent. A new submission needs a new key.",
        };

    public static SyncAnswer Rejected(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, "rejected", "Genesys Cloud rejected the update")
        {
            Detail = errors.Count == 0 ? "Genesys Cloud did not say which field it rejected." : null,
            Errors = errors,
        };

    public static SyncAnswer NotFound() =>
        new(StatusCodes.Status404NotFound, "not_found", "Guest not found") { Detail = "Genesys Cloud has no guest with this id." };

    public static SyncAnswer Timeout() => new(StatusCodes.Status504GatewayTimeout, "timeout", "Genesys Cloud did not answer in time");

    public static SyncAnswer Failed(string title, string? detail = null) =>
        new(StatusCodes.Status502BadGateway, "failed", title) { Detail = detail };

    private static string InvalidReason(FormProblem problem) => problem.Status switch
    {
        StatusCodes.Status400BadRequest => problem.Errors.Count > 0 ? "invalid-fields" : "malformed",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status408RequestTimeout => "body-timeout",
        StatusCodes.Status413PayloadTooLarge => "too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        _ => "invalid",
    };
}
