using System.Globalization;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Configuration;

namespace GuestSync.Emulator.Contacts.Model;

/// <summary>Sets the fields Genesys manages on every contact it writes: id, selfUri, type, createDate, modifyDate.</summary>
internal sealed class ContactStamp(EmulatorClock clock)
{
    public const string DefaultType = "Curated";

    public static string SelfUri(string id) => "/api/v2/externalcontacts/contacts/" + Uri.EscapeDataString(id);

    /// <summary>
    /// Stamps <paramref name="after"/>, the new state of contact <paramref name="id"/> (<paramref name="before"/> is the stored
    /// one, null on create). <c>modifyDate</c> moves only when the content changed; <c>createDate</c> never does.
    /// </summary>
    public JsonObject Stamp(string id, JsonObject? before, JsonObject after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changed = before is null || !JsonNode.DeepEquals(before, after);
        var now = clock.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        after["id"] = id;
        after["selfUri"] = SelfUri(id);
        after["type"] ??= before?["type"]?.DeepClone() ?? DefaultType;
        after["createDate"] = before?["createDate"]?.DeepClone() ?? now;
        after["modifyDate"] = changed ? now : before?["modifyDate"]?.DeepClone() ?? now;
        return after;
    }
}
