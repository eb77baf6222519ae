using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace GuestSync.Gateway.Forms;

/// <summary>
/// Reads a profile post (urlencoded, multipart text parts or a flat JSON object) into fields, enforcing
/// <see cref="FormLimits"/> while reading. Every refusal is a <see cref="FormReadResult"/> carrying a 4xx
/// problem; no parser or body-read exception escapes. Only cancellation of <c>cancellationToken</c>
/// itself propagates, as <see cref="OperationCanceledException"/>, because then nobody is waiting for an answer.
/// </summary>
internal sealed class FormReader
{
    /// <summary>Whether a request with this method may be read; otherwise answer <see cref="MethodNotAllowed"/>.</summary>
    public static bool IsAllowedMethod(string method) => HttpMethods.IsPost(method);

    /// <summary>The 405 problem; its <see cref="FormProblem.Allow"/> is the <c>Allow</c> header value (<c>POST</c>).</summary>
    public static FormProblem MethodNotAllowed() => FormProblems.MethodNotAllowed();

    public ValueTask<FormReadResult> ReadAsync(HttpRequest request, FormLimits limits, CancellationToken cancellationToken) =>
        ReadAsync(request, limits, Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);

    /// <summary>
    /// Reads like <see cref="ReadAsync(HttpRequest, FormLimits, CancellationToken)"/>, but a body not complete within
    /// <paramref name="readTimeout"/> of the call is a 408 problem: a client trickling its body cannot hold the request open.
    /// </summary>
    public async ValueTask<FormReadResult> ReadAsync(HttpRequest request, FormLimits limits, TimeSpan readTimeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (readTimeout == Timeout.InfiniteTimeSpan || IsWhollyBuffered(request))
        {
            // Nothing to time: no deadline, or the whole body is already in and no read will wait. That is every site
            // post in practice (one small packet), which then costs no timer, no deadline and no linked token source.
            return await ReadCoreAsync(request, limits, cancellationToken).ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(readTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        FormReadResult result;
        try
        {
            result = await ReadCoreAsync(request, limits, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return TimedOut(readTimeout);
        }

        return deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && result.Problem is not null
            ? TimedOut(readTimeout)
            : result;
    }

    /// <summary>
    /// Whether the server already holds the declared body in full (looked at, not consumed), so reading it cannot wait.
    /// False whenever it cannot tell: no Content-Length, nothing buffered yet, or a part still on its way.
    /// </summary>
    private static bool IsWhollyBuffered(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is not { } declared || !request.BodyReader.TryRead(out var buffered))
        {
            return false;
        }

        var whole = buffered.Buffer.Length >= declared || buffered.IsCompleted;
        request.BodyReader.AdvanceTo(buffered.Buffer.Start); // nothing consumed, nothing examined: the reads below see it all
        return whole;
    }

    private async ValueTask<FormReadResult> ReadCoreAsync(HttpRequest request, FormLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxBodyBytes, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(limits.MaxBodyBytes, Array.MaxLength, nameof(limits));

        if (!IsAllowedMethod(request.Method))
        {
            return FormReadResult.Failure(MethodNotAllowed());
        }

        if (!FormContentType.TryParse(request.ContentType, out var kind, out var boundary, out var problem))
        {
            return FormReadResult.Failure(problem);
        }

        if (request.ContentLength > limits.MaxBodyBytes)
        {
            return FormReadResult.Failure(TooLarge(limits));
        }

        // One byte more than the limit: filling it proves the body is too large, whatever Content-Length said.
        var buffer = ArrayPool<byte>.Shared.Rent(limits.MaxBodyBytes + 1);
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, limits.MaxBodyBytes + 1 - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > limits.MaxBodyBytes)
                {
                    return FormReadResult.Failure(TooLarge(limits));
                }
            }

            if (request.ContentLength is { } declared && declared != length)
            {
                return FormReadResult.Failure(FormProblems.Malformed("The body length does not match Content-Length."));
            }

            var fields = new FormFieldCollector(limits);
            switch (kind)
            {
                case FormContentKind.UrlEncoded:
                    UrlEncodedFormParser.Parse(buffer.AsSpan(0, length), fields);
                    break;
                case FormContentKind.Json:
                    JsonFormParser.Parse(buffer.AsSpan(0, length), fields);
                    break;
                default:
                    await MultipartFormParser.ParseAsync(buffer, length, boundary!, limits, fields, cancellationToken).ConfigureAwait(false);
                    break;
            }

            return fields.ToResult();
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's own limits and framing errors (body larger than the server allows, truncated chunk).
            return FormReadResult.Failure(exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(limits)
                : FormProblems.Malformed("The request body could not be read."));
        }
        catch (IOException)
        {
            return FormReadResult.Failure(FormProblems.Malformed("The request body could not be read."));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FormReadResult.Failure(FormProblems.Malformed("The request body could not be read."));
        }
        finally
        {
            // The buffer held personal values; the pool hands it to other requests.
            buffer.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FormReadResult TimedOut(TimeSpan readTimeout) =>
        FormReadResult.Failure(FormProblems.TimedOut(
            $"The body must arrive within {readTimeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} seconds."));

    private static FormProblem TooLarge(FormLimits limits) =>
        FormProblems.TooLarge($"The body may be at most {limits.MaxBodyBytes} bytes.");
}
