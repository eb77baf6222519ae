using System.Text.Json.Nodes;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.OAuth;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts;

/// <summary>
/// <c>GET</c> and <c>PATCH /api/v2/externalcontacts/contacts/{contactId}</c>: the real Genesys way to change
/// contact fields, an <c>application/json</c> body of JSONPath changes applied atomically.
/// </summary>
internal sealed partial class ContactEndpoints(ApiAccess access, EmulatorStores stores, EmulatorSettings settings, ILogger<ContactEndpoints> logger)
{
    public const string Route = "/api/v2/externalcontacts/contacts/{contactId}";

    public Task HandleAsync(HttpContext http, EmulatorRequest request)
    {
        var contactId = (string)http.GetRouteValue("contactId")!;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPatch(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, PATCH";
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status405MethodNotAllowed, GenesysErrorCodes.MethodNotAllowed, "Use GET or PATCH on an external contact.");
        }

        if (!access.TryAuthorize(http, request, out var rejection))
        {
            return rejection;
        }

        return HttpMethods.IsGet(http.Request.Method) ? GetAsync(http, request, contactId) : PatchAsync(http, request, contactId);
    }

    private Task GetAsync(HttpContext http, EmulatorRequest request, string contactId) =>
        stores.Contacts.GetJson(contactId) is { } json
            ? GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, json)
            : NotFoundAsync(http, request);

    private Task PatchAsync(HttpContext http, EmulatorRequest request, string contactId)
    {
        if (!MediaTypes.Is(http.Request.ContentType, MediaTypes.Json))
        {
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status415UnsupportedMediaType, GenesysErrorCodes.UnsupportedMediaType, $"The Content-Type must be {MediaTypes.Json}.");
        }

        byte[]? updated;
        try
        {
            var changes = ContactChangeParser.Parse(request.Body);
            if (ContactChangeConflicts.Find(changes) is { } conflict)
            {
                return GenesysErrors.WriteAsync(http, request, StatusCodes.Status409Conflict, GenesysErrorCodes.Conflict, conflict);
            }

            Func<JsonObject>? create = settings.CreateContactsOnFirstWrite ? () => new JsonObject { ["id"] = contactId } : null;
            updated = stores.Contacts.Update(contactId, create, contact => ContactChangeApplier.Apply(contact, changes));
        }
        catch (DocumentChangeException ex)
        {
            Log.ChangeRejected(logger, request.CorrelationId, ex.Message);
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status400BadRequest, GenesysErrorCodes.BadRequest, ex.Message);
        }

        return updated is null ? NotFoundAsync(http, request) : GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, updated);
    }

    private static Task NotFoundAsync(HttpContext http, EmulatorRequest request) =>
        GenesysErrors.WriteAsync(http, request, StatusCodes.Status404NotFound, GenesysErrorCodes.NotFound, "The requested external contact was not found.");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Rejected an external contact change ({CorrelationId}): {Reason}")]
        public static partial void ChangeRejected(ILogger logger, string correlationId, string reason);
    }
}
