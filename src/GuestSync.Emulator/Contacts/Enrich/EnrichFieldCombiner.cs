using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Contacts.Model;

namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>
/// Combines a provided partial contact with the stored one under the field rules. Top-level fields and each custom
/// field are combined one by one; the server-managed fields and <c>identifiers</c> are left to the enricher.
/// </summary>
internal static class EnrichFieldCombiner
{
    public static JsonObject Combine(JsonObject stored, JsonObject provided, EnrichFieldRules rules)
    {
        var result = (JsonObject)stored.DeepClone();
        foreach (var name in Names(stored, provided))
        {
            if (name == "customFields")
            {
                CombineCustomFields(result, stored["customFields"] as JsonObject, provided, rules);
            }
            else if (name != "identifiers" && !(ContactFields.Kinds.TryGetValue(name, out var kind) && kind == ContactFieldKind.ServerManaged))
            {
                Set(result, name, CombineValue(name, stored[name], provided, name, rules));
            }
        }

        return result;
    }

    private static void CombineCustomFields(JsonObject result, JsonObject? stored, JsonObject provided, EnrichFieldRules rules)
    {
        var providedFields = provided["customFields"] as JsonObject ?? [];
        var combined = new JsonObject();
        foreach (var key in Names(stored ?? [], providedFields))
        {
            var field = "customFields." + key;
            var value = CombineValue(field, stored?[key], providedFields, key, rules);
            if (value is not null)
            {
                combined[key] = value;
            }
        }

        Set(result, "customFields", combined.Count == 0 && stored is null ? null : combined);
    }

    /// <summary>The combined value of one field; null to leave it out.</summary>
    private static JsonNode? CombineValue(string field, JsonNode? stored, JsonObject provided, string member, EnrichFieldRules rules)
    {
        var given = provided[member];
        if (given is JsonArray providedItems && stored is JsonArray storedItems && rules.ActionFor(field) != EnrichFieldAction.PreferExisting)
        {
            return rules.ArrayActionFor(field) == EnrichArrayAction.Replace ? providedItems.DeepClone() : Union(storedItems, providedItems);
        }

        return rules.ActionFor(field) switch
        {
            EnrichFieldAction.AlwaysUseProvided => given?.DeepClone(),
            EnrichFieldAction.PreferExisting => IsEmpty(stored) ? given?.DeepClone() ?? stored?.DeepClone() : stored!.DeepClone(),
            _ => given is null ? stored?.DeepClone() : given.DeepClone(),
        };
    }

    private static JsonArray Union(JsonArray stored, JsonArray provided)
    {
        var union = (JsonArray)stored.DeepClone();
        foreach (var item in provided)
        {
            if (!union.Any(existing => JsonNode.DeepEquals(existing, item)))
            {
                union.Add(item?.DeepClone());
            }
        }

        return union;
    }

    private static void Set(JsonObject result, string name, JsonNode? value)
    {
        if (value is null)
        {
            result.Remove(name);
        }
        else
        {
            result[name] = value;
        }
    }

    private static IEnumerable<string> Names(JsonObject stored, JsonObject provided) =>
        stored.Select(member => member.Key).Union(provided.Select(member => member.Key), StringComparer.Ordinal).ToList();

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);
}
