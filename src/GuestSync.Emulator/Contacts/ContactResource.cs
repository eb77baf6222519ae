using System.Text.Json.Nodes;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Documents;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts;

/// <summary>
/// <c>GET</c> and <c>PATCH /api/v2/externalcontacts/contacts/{id}</c>: the real Genesys way to change
/// contact fields, an <c>application/json</c> body of JSONPath changes applied atomically.
/// </summary>
internal sealed class ContactResource : IDocumentResource
{
    private readonly EmulatorSettings _settings;

    public ContactResource(EmulatorStores stores, EmulatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Store = stores.Contacts;
        Writes = new Dictionary<string, DocumentWrite>(StringComparer.OrdinalIgnoreCase)
        {
            [HttpMethods.Patch] = new(MediaTypes.Json, Patch),
        };
    }

    public string Route => "/api/v2/externalcontacts/contacts/{" + DocumentEndpoint.IdParameter + "}";

    public string Noun => "external contact";

    public DocumentStore Store { get; }

    public IReadOnlyDictionary<string, DocumentWrite> Writes { get; }

    private byte[]? Patch(string contactId, EmulatorRequest request)
    {
        var changes = ContactChangeParser.Parse(request.Body);
        if (ContactChangeConflicts.Find(changes) is { } conflict)
        {
            throw new DocumentChangeException(conflict) { StatusCode = StatusCodes.Status409Conflict };
        }

        Func<JsonObject>? create = _settings.CreateContactsOnFirstWrite ? () => new JsonObject { ["id"] = contactId } : null;
        return Store.Update(contactId, create, contact => ContactChangeApplier.Apply(contact, changes));
    }
}
