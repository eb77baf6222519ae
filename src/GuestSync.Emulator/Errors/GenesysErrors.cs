using System.Buffers;
using System.Globalization;
using System.Text.Json;
using GuestSync.Emulator.Hosting;

namespace GuestSync.Emulator.Errors;

/// <summary>
/// Writes error responses in Genesys's <c>ErrorBody</c> shape:
/// <c>{"message","code","status","contextId","details":[],"errors":[]}</c>, <c>contextId</c> being the correlation id.
/// </summary>
internal static class GenesysErrors
{
    public static Task WriteAsync(HttpContext http, EmulatorRequest request, int status, string code, string message) =>
        WriteAsync(http, request, status, code, message, []);

    /// <summary>An error whose <c>details[]</c> name the refused fields (<c>errorCode</c>, <c>fieldName</c>).</summary>
    public static Task WriteAsync(HttpContext http, EmulatorRequest request, int status, string code, string message, IReadOnlyList<FieldError> details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteString("code", code);
            writer.WriteNumber("status", status);
            writer.WriteString("contextId", request.CorrelationId);
            writer.WriteStartArray("details");
            foreach (var detail in details)
            {
                writer.WriteStartObject();
                writer.WriteString("errorCode", detail.ErrorCode);
                writer.WriteString("fieldName", detail.FieldName);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("errors");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return WriteJsonAsync(http, status, buffer.WrittenMemory);
    }

    /// <summary>The normalized Genesys 429: integer <c>Retry-After</c> and the message that repeats it.</summary>
    public static Task WriteTooManyRequestsAsync(HttpContext http, EmulatorRequest request, int retryAfterSeconds)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return WriteTooManyRequestsBodyAsync(http, request, retryAfterSeconds);
    }

    /// <summary>The normalized 429 body alone, for injected faults that choose their own <c>Retry-After</c>.</summary>
    public static Task WriteTooManyRequestsBodyAsync(HttpContext http, EmulatorRequest request, int retryAfterSeconds)
    {
        var seconds = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(
            http,
            request,
            StatusCodes.Status429TooManyRequests,
            GenesysErrorCodes.TooManyRequests,
            $"Rate limit exceeded the maximum. Retry the request in [{seconds}] seconds");
    }

    public static Task WriteJsonAsync(HttpContext http, int status, ReadOnlyMemory<byte> json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = GenesysHeaders.JsonContentType;
        http.Response.ContentLength = json.Length;
        return http.Response.Body.WriteAsync(json).AsTask();
    }
}
