using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts;

/// <summary>Reads <c>{"changes":[{"field","value","action"}]}</c>; throws <see cref="DocumentChangeException"/> when invalid.</summary>
internal static class ContactChangeParser
{
    public static IReadOnlyList<ContactChange> Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? body;
        try
        {
            body = JsonDocuments.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            throw new DocumentChangeException(JsonDocuments.DescribeInvalid(ex), ex);
        }

        if (body is not JsonObject obj || !obj.TryGetPropertyValue("changes", out var changesNode) || changesNode is not JsonArray changes)
        {
            throw new DocumentChangeException("The body must be a JSON object with a 'changes' array.");
        }

        if (changes.Count == 0)
        {
            throw new DocumentChangeException("'changes' must hold at least one change.");
        }

        return changes.Select((change, index) => ParseChange(index, change)).ToList();
    }

    private static ContactChange ParseChange(int index, JsonNode? node)
    {
        if (node is not JsonObject change)
        {
            throw new DocumentChangeException($"changes[{index}] must be a JSON object.");
        }

        var fieldText = ReadString(index, change, "field");
        if (!ContactFieldPath.TryParse(fieldText, out var field))
        {
            throw new DocumentChangeException($"changes[{index}].field is not a supported JSONPath; use $.name or $.parent.name (at most {ContactFieldPath.MaxSegments} names).");
        }

        var action = ReadString(index, change, "action") switch
        {
            "Update" => ContactChangeAction.Update,
            "UpdateIfEmpty" => ContactChangeAction.UpdateIfEmpty,
            "UpdateIfExists" => ContactChangeAction.UpdateIfExists,
            "Remove" => ContactChangeAction.Remove,
            "AppendToCollection" => ContactChangeAction.AppendToCollection,
            "RemoveFromCollection" => ContactChangeAction.RemoveFromCollection,
            _ => throw new DocumentChangeException($"changes[{index}].action must be one of {string.Join(", ", Enum.GetNames<ContactChangeAction>())}."),
        };

        JsonNode? value = null;
        if (action != ContactChangeAction.Remove && !change.TryGetPropertyValue("value", out value))
        {
            throw new DocumentChangeException($"changes[{index}] ({action}) needs a 'value'.");
        }

        return new ContactChange(index, field, action, value);
    }

    private static string ReadString(int index, JsonObject change, string member) =>
        change.TryGetPropertyValue(member, out var node) && node?.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw new DocumentChangeException($"changes[{index}].{member} must be a string.");
}
