using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.OAuth;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Documents;

/// <summary>
/// The one handler shape of every stored resource (guests, external contacts): method check (405 with
/// <c>Allow</c>), bearer token and rate limit, <c>GET</c> of the stored JSON, writes with their media type (415
/// otherwise), refusals in the Genesys error shape, 404 for an unknown id.
/// </summary>
internal sealed partial class DocumentEndpoint(IDocumentResource resource, ApiAccess access, ILogger<DocumentEndpoint> logger)
{
    public const string IdParameter = "id";

    private readonly string _allow = string.Join(", ", resource.Writes.Keys.Prepend(HttpMethods.Get));

    public Task HandleAsync(HttpContext http, EmulatorRequest request)
    {
        DocumentWrite? write = null;
        if (!HttpMethods.IsGet(http.Request.Method) && !resource.Writes.TryGetValue(http.Request.Method, out write))
        {
            http.Response.Headers.Allow = _allow;
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status405MethodNotAllowed, GenesysErrorCodes.MethodNotAllowed, $"Use {_allow} on a {resource.Noun}.");
        }

        if (!access.TryAuthorize(http, request, out var rejection))
        {
            return rejection;
        }

        var id = (string)http.GetRouteValue(IdParameter)!;
        return write is null ? GetAsync(http, request, id) : WriteAsync(http, request, id, write);
    }

    private Task GetAsync(HttpContext http, EmulatorRequest request, string id) =>
        resource.Store.GetJson(id) is { } json
            ? GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, json)
            : NotFoundAsync(http, request);

    private Task WriteAsync(HttpContext http, EmulatorRequest request, string id, DocumentWrite write)
    {
        if (!MediaTypes.Is(http.Request.ContentType, write.MediaType))
        {
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status415UnsupportedMediaType, GenesysErrorCodes.UnsupportedMediaType, $"The Content-Type must be {write.MediaType}.");
        }

        byte[]? stored;
        try
        {
            stored = write.Apply(id, request);
        }
        catch (DocumentChangeException ex)
        {
            Log.WriteRejected(logger, resource.Noun, request.CorrelationId, ex.Message);
            return GenesysErrors.WriteAsync(http, request, ex.StatusCode, GenesysErrorCodes.ForStatus(ex.StatusCode), ex.Message, ex.FieldErrors);
        }

        return stored is null ? NotFoundAsync(http, request) : GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, stored);
    }

    private Task NotFoundAsync(HttpContext http, EmulatorRequest request) =>
        GenesysErrors.WriteAsync(http, request, StatusCodes.Status404NotFound, GenesysErrorCodes.NotFound, $"The requested {resource.Noun} was not found.");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Rejected a {Noun} write ({CorrelationId}): {Reason}")]
        public static partial void WriteRejected(ILogger logger, string noun, string correlationId, string reason);
    }
}
