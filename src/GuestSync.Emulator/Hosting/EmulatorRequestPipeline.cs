using System.Globalization;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Faults;
using GuestSync.Emulator.OAuth;
using GuestSync.Emulator.Recording;

namespace GuestSync.Emulator.Hosting;

/// <summary>
/// What every emulated endpoint shares, in order: a correlation id on the response, the body read within
/// <see cref="EmulatorOptions.MaxBodyBytes"/>, injected faults and latency, the endpoint itself, and finally
/// the record of what was received. Client mistakes never escape as a 500.
/// </summary>
internal sealed partial class EmulatorRequestPipeline(
    EmulatorSettings settings,
    FaultInjector faults,
    ReceivedRequestLog receivedRequests,
    ApiAccess access,
    EmulatorClock clock,
    ILogger<EmulatorRequestPipeline> logger)
{
    /// <summary>Wraps an endpoint of the emulated service: recorded and subject to faults.</summary>
    public RequestDelegate Wrap(EmulatorHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return http => InvokeAsync(http, handler, emulated: true);
    }

    /// <summary>Wraps a test-control endpoint: neither recorded nor subject to faults.</summary>
    public RequestDelegate WrapAdmin(EmulatorHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return http => InvokeAsync(http, handler, emulated: false);
    }

    private async Task InvokeAsync(HttpContext http, EmulatorHandler handler, bool emulated)
    {
        var request = new EmulatorRequest(Guid.NewGuid().ToString(), clock.UtcNow);

        // The one place the headers every answer carries are set: as the answer starts, so no handler, fault or
        // error path (which clears the response) can lose them.
        http.Response.OnStarting(() =>
        {
            ResponseHeaders.Stamp(http.Response, request);

            // Record before the answer leaves, so a client that has its answer always finds the request recorded.
            if (emulated)
            {
                RecordOnce(http, request);
            }

            return Task.CompletedTask;
        });

        try
        {
            await RunAsync(http, request, handler, emulated);
        }
        catch (Exception ex)
        {
            await FailAsync(http, request, ex);
        }
        finally
        {
            // An unanswered request never starts a response: record it here.
            if (emulated)
            {
                RecordOnce(http, request);
                Log.Served(logger, http.Request.Method, http.Request.Path.Value, AnsweredStatus(http, request));
            }
        }
    }

    private async Task RunAsync(HttpContext http, EmulatorRequest request, EmulatorHandler handler, bool emulated)
    {
        byte[]? body;
        try
        {
            body = await RequestBodyReader.ReadAsync(http, settings.MaxBodyBytes, http.RequestAborted);
        }
        catch (IOException)
        {
            // Kestrel's "unexpected end of request content" (a BadHttpRequestException) or a reset: answered 400 below as
            // Kestrel would, but recorded as unanswered, since the client that stopped sending is gone.
            request.CutShort = true;
            throw;
        }

        request.Body = body ?? [];
        if (emulated && await TryInjectFaultAsync(http, request))
        {
            return;
        }

        if (body is null)
        {
            await GenesysErrors.WriteAsync(http, request, StatusCodes.Status413PayloadTooLarge, GenesysErrorCodes.RequestEntityTooLarge, $"The request body is larger than the maximum of {settings.MaxBodyBytes} bytes.");
            return;
        }

        await handler(http, request);
    }

    /// <summary>Applies latency and the first matching armed fault; returns true when the fault answered.</summary>
    private async Task<bool> TryInjectFaultAsync(HttpContext http, EmulatorRequest request)
    {
        var fault = faults.TryTake(http.Request.Path.Value ?? "/");
        var latency = faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, clock.TimeProvider, http.RequestAborted);
        }

        if (fault is null)
        {
            return false;
        }

        access.ReportRateLimit(http, request);
        Log.FaultInjected(logger, fault.IsDrop ? "drop" : fault.StatusCode.ToString(CultureInfo.InvariantCulture), http.Request.Path.Value, request.CorrelationId);
        if (fault.IsDrop)
        {
            // Recorded before the abort, so a client that saw its connection drop always finds the request recorded.
            request.Dropped = true;
            RecordOnce(http, request);
            http.Abort();
            return true;
        }

        await WriteFaultAsync(http, request, fault);
        return true;
    }

    private Task WriteFaultAsync(HttpContext http, EmulatorRequest request, FaultRule fault)
    {
        SetRetryAfter(http, fault.RetryAfter);
        if (fault.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            return GenesysErrors.WriteTooManyRequestsBodyAsync(http, request, RetryAfterSeconds(fault.RetryAfter));
        }

        return fault.StatusCode >= 400
            ? GenesysErrors.WriteAsync(http, request, fault.StatusCode, GenesysErrorCodes.ForStatus(fault.StatusCode), $"Injected fault: the emulator was told to answer {fault.StatusCode}.")
            : WriteStatusOnlyAsync(http, fault.StatusCode);
    }

    private static void SetRetryAfter(HttpContext http, string? retryAfter)
    {
        if (retryAfter is not null)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }
    }

    private static Task WriteStatusOnlyAsync(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>The seconds a raw Retry-After stands for, for the 429 message: delta-seconds or an HTTP-date, else 0.</summary>
    private int RetryAfterSeconds(string? retryAfter)
    {
        if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        return DateTimeOffset.TryParseExact(retryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (int)Math.Max(0, Math.Ceiling((date - clock.UtcNow).TotalSeconds))
            : 0;
    }

    private async Task FailAsync(HttpContext http, EmulatorRequest request, Exception exception)
    {
        if (http.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            return;
        }

        if (http.Response.HasStarted)
        {
            Log.Unhandled(logger, request.CorrelationId, exception);
            http.Abort();
            return;
        }

        http.Response.Clear();
        if (exception is BadHttpRequestException badRequest)
        {
            await GenesysErrors.WriteAsync(http, request, badRequest.StatusCode, GenesysErrorCodes.ForStatus(badRequest.StatusCode), "The request could not be read.");
            return;
        }

        Log.Unhandled(logger, request.CorrelationId, exception);
        await GenesysErrors.WriteAsync(http, request, StatusCodes.Status500InternalServerError, GenesysErrorCodes.InternalServerError, "The emulator failed; this is a bug in the emulator.");
    }

    /// <summary>The status the client got, or 0 when it got none: the connection was dropped by a fault, or the client went
    /// away before its body was whole or before an answer started (Kestrel's default 200 was never sent).</summary>
    private static int AnsweredStatus(HttpContext http, EmulatorRequest request) =>
        request.Dropped || request.CutShort || (http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted) ? 0 : http.Response.StatusCode;

    private void RecordOnce(HttpContext http, EmulatorRequest request)
    {
        if (!receivedRequests.IsEnabled || !request.TryMarkRecorded())
        {
            return;
        }

        var headers = new Dictionary<string, string>(http.Request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        receivedRequests.Add(new ReceivedRequest(
            request.ReceivedAt,
            http.Request.Method,
            http.Request.Path.Value ?? "/",
            headers,
            request.Body,
            BearerToken.Parse(http.Request.Headers.Authorization),
            AnsweredStatus(http, request))
        {
            Query = http.Request.QueryString.Value ?? string.Empty,
            CorrelationId = request.CorrelationId,
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Injected fault {Fault} on {Path} ({CorrelationId})")]
        public static partial void FaultInjected(ILogger logger, string fault, string? path, string correlationId);

        [LoggerMessage(2, LogLevel.Error, "The emulator failed on a request ({CorrelationId})")]
        public static partial void Unhandled(ILogger logger, string correlationId, Exception exception);

        // One line per request served, so the emulator's terminal shows its callers. Paths hold ids, never field values.
        [LoggerMessage(3, LogLevel.Information, "{Method} {Path} {Status}")]
        public static partial void Served(ILogger logger, string method, string? path, int status);
    }
}
