using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Contacts.Model;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts;

/// <summary>Applies contact changes in order to a copy of the contact; throws <see cref="DocumentChangeException"/> to reject all of them.</summary>
internal static class ContactChangeApplier
{
    public static JsonObject Apply(JsonObject contact, IReadOnlyList<ContactChange> changes)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            ApplyOne(contact, change);
        }

        return contact;
    }

    /// <summary>The elements a collection change carries: the value's elements when it is an array, else the value alone.</summary>
    public static JsonArray Items(JsonNode? value) =>
        value is JsonArray array ? (JsonArray)array.DeepClone() : new JsonArray(value?.DeepClone());

    private static void ApplyOne(JsonObject contact, ContactChange change)
    {
        var creates = change.Action is ContactChangeAction.Update or ContactChangeAction.UpdateIfEmpty or ContactChangeAction.AppendToCollection;
        var parent = FindParent(contact, change, creates);
        if (parent is null)
        {
            return;
        }

        var name = change.Field.Segments[^1];
        parent.TryGetPropertyValue(name, out var current);
        switch (change.Action)
        {
            case ContactChangeAction.Remove:
                parent.Remove(name);
                break;
            case ContactChangeAction.UpdateIfExists when IsEmpty(current):
            case ContactChangeAction.UpdateIfEmpty when !IsEmpty(current):
                break;
            case ContactChangeAction.AppendToCollection:
                Append(parent, name, Collection(change, current), Items(change.Value));
                break;
            case ContactChangeAction.RemoveFromCollection:
                RemoveItems(Collection(change, current), Items(change.Value));
                break;
            default:
                if (change.Field.Segments.Count + JsonDocuments.DepthOf(change.Value) > JsonDocuments.MaxDepth)
                {
                    throw new DocumentChangeException($"changes[{change.Index}] would nest the contact deeper than {JsonDocuments.MaxDepth} levels.");
                }

                parent[name] = change.Value?.DeepClone();
                break;
        }
    }

    private static JsonArray? Collection(ContactChange change, JsonNode? current)
    {
        if (current is null or JsonArray)
        {
            return (JsonArray?)current;
        }

        var field = string.Join('.', change.Field.Segments);
        throw new DocumentChangeException([new FieldError(field, ContactValidator.InvalidType, $"changes[{change.Index}]: {field} does not hold a collection.")]);
    }

    private static void Append(JsonObject parent, string name, JsonArray? collection, JsonArray items)
    {
        if (collection is null)
        {
            collection = [];
            parent[name] = collection;
        }

        foreach (var item in items)
        {
            if (!collection.Any(existing => JsonNode.DeepEquals(existing, item)))
            {
                collection.Add(item?.DeepClone());
            }
        }
    }

    private static void RemoveItems(JsonArray? collection, JsonArray items)
    {
        for (var i = (collection?.Count ?? 0) - 1; i >= 0; i--)
        {
            if (items.Any(item => JsonNode.DeepEquals(collection![i], item)))
            {
                collection!.RemoveAt(i);
            }
        }
    }

    /// <summary>The object holding the field; null when a parent is missing and <paramref name="create"/> is false.</summary>
    private static JsonObject? FindParent(JsonObject contact, ContactChange change, bool create)
    {
        var node = contact;
        var segments = change.Field.Segments;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            node.TryGetPropertyValue(segments[i], out var child);
            switch (child)
            {
                case JsonObject next:
                    node = next;
                    break;
                case null when create:
                    var created = new JsonObject();
                    node[segments[i]] = created;
                    node = created;
                    break;
                case null:
                    return null;
                default:
                    throw new DocumentChangeException($"changes[{change.Index}].field {change.Field.Text} goes through a value that is not an object.");
            }
        }

        return node;
    }

    /// <summary>Missing, null or the empty string: where <c>UpdateIfEmpty</c> applies and <c>UpdateIfExists</c> does not.</summary>
    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);
}
