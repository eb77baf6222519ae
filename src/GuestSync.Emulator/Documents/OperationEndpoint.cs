using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.OAuth;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Documents;

/// <summary>
/// The handler shape of every <c>POST</c> operation, as <see cref="DocumentEndpoint"/> is for stored resources:
/// 405 with <c>Allow: POST</c>, bearer token and rate limit (one request counts once, however many items it carries),
/// <c>application/json</c> or 415, refusals in the Genesys error shape.
/// </summary>
internal sealed partial class OperationEndpoint(IApiOperation operation, ApiAccess access, ILogger<OperationEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http, EmulatorRequest request)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = HttpMethods.Post;
            await GenesysErrors.WriteAsync(http, request, StatusCodes.Status405MethodNotAllowed, GenesysErrorCodes.MethodNotAllowed, $"Use POST for {operation.Noun}.");
            return;
        }

        if (!access.TryAuthorize(http, request, out var rejection))
        {
            await rejection;
            return;
        }

        if (!MediaTypes.Is(http.Request.ContentType, MediaTypes.Json))
        {
            await GenesysErrors.WriteAsync(http, request, StatusCodes.Status415UnsupportedMediaType, GenesysErrorCodes.UnsupportedMediaType, $"The Content-Type must be {MediaTypes.Json}.");
            return;
        }

        try
        {
            await operation.HandleAsync(http, request);
        }
        catch (DocumentChangeException ex) when (!http.Response.HasStarted)
        {
            Log.Rejected(logger, operation.Noun, request.CorrelationId, ex.Message);
            await GenesysErrors.WriteAsync(http, request, ex.StatusCode, GenesysErrorCodes.ForStatus(ex.StatusCode), ex.Message, ex.FieldErrors);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Rejected {Operation} ({CorrelationId}): {Reason}")]
        public static partial void Rejected(ILogger logger, string operation, string correlationId, string reason);
    }
}
