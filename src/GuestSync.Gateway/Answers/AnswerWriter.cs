using System.Globalization;
using System.Text.Json;
using GuestSync.Gateway.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// The one place a <see cref="SyncAnswer"/> reaches the browser: status, <c>Cache-Control: no-store</c>,
/// <c>Retry-After</c>, <c>Allow</c>, <c>WWW-Authenticate</c>, the success body or 303, or an RFC 9457
/// <c>application/problem+json</c> body (for a plain HTML post: 303 to <c>ErrorUrl</c> or an HTML page, see
/// <see cref="PlainFormFailures"/>), the <c>guestsync.submissions</c> outcome, and the line that ends the
/// submission (<see cref="SubmissionLog"/>).
/// </summary>
internal sealed class AnswerWriter
{
    private readonly GatewayMetrics _metrics;
    private readonly PlainFormFailures _plainFormFailures;
    private readonly SubmissionLog _submissions;

    public AnswerWriter(GatewayMetrics metrics, PlainFormFailures plainFormFailures, SubmissionLog submissions)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _plainFormFailures = plainFormFailures ?? throw new ArgumentNullException(nameof(plainFormFailures));
        _submissions = submissions ?? throw new ArgumentNullException(nameof(submissions));
    }

    /// <summary>The response header that marks a replayed answer.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>What <c>WriteAsJsonAsync</c> sends as <c>Content-Type</c>.</summary>
    private const string JsonContentType = "application/json; charset=utf-8";

    public Task WriteAsync(HttpContext context, SyncAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answer);
        _submissions.Answered(context, answer);
        if (context.Features.Get<IAnswerRecordingFeature>() is { } recorder)
        {
            // One answer per claimed key: a later write on this request is not what the key stands for.
            context.Features.Set<IAnswerRecordingFeature>(null);
            return RecordThenWriteAsync(context, answer, recorder);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away; there is nobody to answer. The status still marks the request as answered, so the
            // proxy does not forward a request its transform already decided.
            _metrics.Submission("abandoned");
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = answer.Status;
            }

            return Task.CompletedTask;
        }

        _metrics.Submission(answer.Outcome);
        return WriteAnswerAsync(context, answer);
    }

    /// <summary>Writes an answer kept for an idempotency key again, marked <c>Idempotent-Replayed: true</c>.</summary>
    public async Task ReplayAsync(HttpContext context, RecordedAnswer recorded)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(recorded);
        _submissions.AnsweredAgain(context, recorded);
        if (context.RequestAborted.IsCancellationRequested)
        {
            _metrics.Submission("abandoned");
            return;
        }

        _metrics.Submission("replayed");
        var response = context.Response;
        response.StatusCode = recorded.Status;
        response.Headers.CacheControl = "no-store";
        response.Headers[ReplayedHeader] = "true";
        foreach (var (name, value) in recorded.Headers)
        {
            response.Headers[name] = value;
        }

        await WriteBodyAsync(context, recorded);
    }

    private Task WriteAnswerAsync(HttpContext context, SyncAnswer answer)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (answer.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
        }

        if (answer.Allow is { } allow)
        {
            response.Headers.Allow = allow;
        }

        if (answer.WwwAuthenticate is { } challenge)
        {
            response.Headers.WWWAuthenticate = challenge;
        }

        return answer.GuestId is { } guestId ? WriteSuccessAsync(context, answer, guestId) : WriteProblemAsync(context, answer);
    }

    /// <summary>The answer is rendered into a buffer and kept before the browser sees it, so a repeat that arrives as
    /// soon as the browser has the answer finds it kept.</summary>
    private async Task RecordThenWriteAsync(HttpContext context, SyncAnswer answer, IAnswerRecordingFeature recorder)
    {
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await WriteAnswerAsync(context, answer);
        }
        finally
        {
            response.Body = original;
        }

        var recorded = RecordedAnswer.Of(response, buffer.ToArray());
        await recorder.RecordAsync(recorded);
        if (context.RequestAborted.IsCancellationRequested)
        {
            _metrics.Submission("abandoned");
            return;
        }

        _metrics.Submission(answer.Outcome);
        await WriteBodyAsync(context, recorded);
    }

    private static Task WriteBodyAsync(HttpContext context, RecordedAnswer recorded)
    {
        var response = context.Response;
        if (recorded.ContentType is { } contentType)
        {
            response.ContentType = contentType;
        }

        if (recorded.Body.Length == 0)
        {
            return Task.CompletedTask;
        }

        response.ContentLength = recorded.Body.Length;
        return response.Body.WriteAsync(recorded.Body, context.RequestAborted).AsTask();
    }

    /// <summary>Whole seconds, rounded up, at least 1: a client told 0 would come straight back.</summary>
    public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    private static Task WriteSuccessAsync(HttpContext context, SyncAnswer answer, string guestId)
    {
        var response = context.Response;
        if (answer.SuccessUrl is { Length: > 0 } successUrl && PlainFormPost.WantsHtml(context.Request))
        {
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = successUrl;
            return Task.CompletedTask;
        }

        response.StatusCode = answer.Status;
        return WriteJsonAsync(response, new SyncResult(answer.Outcome, guestId));
    }

    /// <summary>
    /// The same body and <c>Content-Type</c> as <c>WriteAsJsonAsync</c>, sent with its <c>Content-Length</c>: that one
    /// flushes the headers before it serializes, so every synced answer went out chunked, in more than one write to the
    /// socket. This small body is serialized first and written whole.
    /// </summary>
    private static Task WriteJsonAsync(HttpResponse response, SyncResult result)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(result, GatewayJsonContext.Default.SyncResult);
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private Task WriteProblemAsync(HttpContext context, SyncAnswer answer)
    {
        if (PlainFormPost.WantsHtml(context.Request) && context.Features.Get<ProblemJsonFeature>() is null)
        {
            return _plainFormFailures.WriteAsync(context, answer);
        }

        ProblemDetails problem = answer.Errors is { Count: > 0 } errors
            ? new HttpValidationProblemDetails(errors) { Status = answer.Status, Title = answer.Title, Detail = answer.Detail }
            : new ProblemDetails { Status = answer.Status, Title = answer.Title, Detail = answer.Detail };
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }
}
