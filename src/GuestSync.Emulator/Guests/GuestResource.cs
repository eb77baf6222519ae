using System.Text.Json.Nodes;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Documents;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.JsonPatch;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Guests;

/// <summary>
/// <c>GET</c> and <c>PATCH /api/v2/guests/{id}</c>, the endpoint of the original tutorial: an RFC 6902 patch
/// applied atomically to a free-form guest document.
/// </summary>
internal sealed class GuestResource : IDocumentResource
{
    private readonly EmulatorSettings _settings;

    public GuestResource(EmulatorStores stores, EmulatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Store = stores.Guests;
        Writes = new Dictionary<string, DocumentWrite>(StringComparer.OrdinalIgnoreCase)
        {
            [HttpMethods.Patch] = new(MediaTypes.JsonPatch, Patch),
        };
    }

    public string Route => "/api/v2/guests/{" + DocumentEndpoint.IdParameter + "}";

    public string Noun => "guest";

    public DocumentStore Store { get; }

    public IReadOnlyDictionary<string, DocumentWrite> Writes { get; }

    private byte[]? Patch(string guestId, EmulatorRequest request)
    {
        try
        {
            var operations = JsonPatchParser.Parse(request.Body);
            Func<JsonObject>? create = _settings.CreateGuestsOnFirstWrite ? () => (JsonObject)_settings.NewGuestTemplate.DeepClone() : null;
            return Store.Update(guestId, create, guest => ApplyPatch(guest, operations));
        }
        catch (JsonPatchException ex)
        {
            throw new DocumentChangeException(ex.Message, ex);
        }
    }

    private static JsonObject ApplyPatch(JsonObject guest, IReadOnlyList<JsonPatchOperation> operations) =>
        JsonPatchApplier.Apply(guest, operations) as JsonObject
            ?? throw new JsonPatchException("A guest must remain a JSON object.");
}
