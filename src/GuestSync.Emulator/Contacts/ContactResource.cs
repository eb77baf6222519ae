using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Contacts.Model;
using GuestSync.Emulator.Documents;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts;

/// <summary>
/// <c>GET</c>, <c>PATCH</c> and <c>PUT /api/v2/externalcontacts/contacts/{id}</c>. PATCH applies JSONPath changes
/// atomically, PUT replaces the contact; both validate like Genesys and stamp the server-managed fields.
/// </summary>
internal sealed class ContactResource : IDocumentResource
{
    private readonly EmulatorSettings _settings;
    private readonly ContactValidator _validator;
    private readonly ContactStamp _stamp;

    public ContactResource(EmulatorStores stores, EmulatorSettings settings, ContactValidator validator, ContactStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _stamp = stamp ?? throw new ArgumentNullException(nameof(stamp));
        Store = stores.Contacts;
        Writes = new Dictionary<string, DocumentWrite>(StringComparer.OrdinalIgnoreCase)
        {
            [HttpMethods.Patch] = new(MediaTypes.Json, Patch),
            [HttpMethods.Put] = new(MediaTypes.Json, Put),
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

        ThrowIfInvalid(changes.SelectMany(ValidateChange).ToList());
        Func<JsonObject>? create = _settings.CreateContactsOnFirstWrite ? () => new JsonObject { ["id"] = contactId } : null;
        return Store.Update(contactId, create, contact =>
        {
            var before = (JsonObject)contact.DeepClone();
            return _stamp.Stamp(contactId, before, ContactChangeApplier.Apply(contact, changes));
        });
    }

    private byte[]? Put(string contactId, EmulatorRequest request)
    {
        var body = ReadObject(request.Body);
        return Store.Update(contactId, createMissing: null, stored =>
        {
            // A GET-modify-PUT echoes the server-managed fields back: that is fine as long as they are unchanged.
            ThrowIfInvalid(_validator.Validate(body, (name, value) => name == "id"
                ? value?.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == contactId
                : JsonNode.DeepEquals(stored[name], value)));
            var replacement = (JsonObject)body.DeepClone();
            if (!replacement.ContainsKey("identifiers") && stored["identifiers"] is { } identifiers)
            {
                replacement["identifiers"] = identifiers.DeepClone();
            }

            foreach (var managed in ContactFields.Kinds.Where(field => field.Value == ContactFieldKind.ServerManaged))
            {
                replacement.Remove(managed.Key);
                if (stored[managed.Key] is { } value)
                {
                    replacement[managed.Key] = value.DeepClone();
                }
            }

            return _stamp.Stamp(contactId, stored, replacement);
        });
    }

    /// <summary>Checks a change as the partial contact it writes: <c>$.a.b</c> with value v is <c>{"a":{"b":v}}</c>.</summary>
    private List<FieldError> ValidateChange(ContactChange change)
    {
        var segments = change.Field.Segments;
        var isCollectionChange = change.Action is ContactChangeAction.AppendToCollection or ContactChangeAction.RemoveFromCollection;
        var written = change.Action == ContactChangeAction.Remove || isCollectionChange ? null : change.Value?.DeepClone();
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            written = new JsonObject { [segments[i]] = written };
        }

        var errors = _validator.Validate((JsonObject)written!);
        if (errors.Count == 0 && isCollectionChange)
        {
            errors = _validator.ValidateCollectionItems(segments, ContactChangeApplier.Items(change.Value));
        }

        return errors;
    }

    private static JsonObject ReadObject(byte[] body)
    {
        try
        {
            return JsonDocuments.Parse(body) as JsonObject ?? throw new DocumentChangeException("The body must be an external contact (a JSON object).");
        }
        catch (JsonException ex)
        {
            throw new DocumentChangeException(JsonDocuments.DescribeInvalid(ex), ex);
        }
    }

    private static void ThrowIfInvalid(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DocumentChangeException(errors);
        }
    }
}
