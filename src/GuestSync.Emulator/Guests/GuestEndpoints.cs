using System.Text.Json.Nodes;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.JsonPatch;
using GuestSync.Emulator.OAuth;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Guests;

/// <summary>
/// <c>GET</c> and <c>PATCH /api/v2/guests/{guestId}</c>, the endpoint of the original tutorial: an RFC 6902 patch
/// applied atomically to a free-form guest document.
/// </summary>
internal sealed partial class GuestEndpoints(ApiAccess access, EmulatorStores stores, EmulatorSettings settings, ILogger<GuestEndpoints> logger)
{
    public const string Route = "/api/v2/guests/{guestId}";

    public Task HandleAsync(HttpContext http, EmulatorRequest request)
    {
        var guestId = (string)http.GetRouteValue("guestId")!;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPatch(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, PATCH";
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status405MethodNotAllowed, GenesysErrorCodes.MethodNotAllowed, "Use GET or PATCH on a guest.");
        }

        if (!access.TryAuthorize(http, request, out var rejection))
        {
            return rejection;
        }

        return HttpMethods.IsGet(http.Request.Method) ? GetAsync(http, request, guestId) : PatchAsync(http, request, guestId);
    }

    private Task GetAsync(HttpContext http, EmulatorRequest request, string guestId) =>
        stores.Guests.GetJson(guestId) is { } json
            ? GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, json)
            : NotFoundAsync(http, request);

    private Task PatchAsync(HttpContext http, EmulatorRequest request, string guestId)
    {
        if (!MediaTypes.Is(http.Request.ContentType, MediaTypes.JsonPatch))
        {
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status415UnsupportedMediaType, GenesysErrorCodes.UnsupportedMediaType, $"The Content-Type must be {MediaTypes.JsonPatch}.");
        }

        byte[]? updated;
        try
        {
            var operations = JsonPatchParser.Parse(request.Body);
            updated = stores.Guests.Update(guestId, settings.CreateGuestsOnFirstWrite ? () => (JsonObject)settings.NewGuestTemplate.DeepClone() : null, guest => ApplyPatch(guest, operations));
        }
        catch (Exception ex) when (ex is JsonPatchException or DocumentChangeException)
        {
            Log.PatchRejected(logger, request.CorrelationId, ex.Message);
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status400BadRequest, GenesysErrorCodes.BadRequest, ex.Message);
        }

        return updated is null ? NotFoundAsync(http, request) : GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, updated);
    }

    private static JsonObject ApplyPatch(JsonObject guest, IReadOnlyList<JsonPatchOperation> operations) =>
        JsonPatchApplier.Apply(guest, operations) as JsonObject
            ?? throw new JsonPatchException("A guest must remain a JSON object.");

    private static Task NotFoundAsync(HttpContext http, EmulatorRequest request) =>
        GenesysErrors.WriteAsync(http, request, StatusCodes.Status404NotFound, GenesysErrorCodes.NotFound, "The requested guest was not found.");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Rejected a guest patch ({CorrelationId}): {Reason}")]
        public static partial void PatchRejected(ILogger logger, string correlationId, string reason);
    }
}
