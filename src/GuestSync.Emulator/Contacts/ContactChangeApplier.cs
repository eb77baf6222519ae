using System.Text.Json;
using System.Text.Json.Nodes;
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

    private static void ApplyOne(JsonObject contact, ContactChange change)
    {
        var creates = change.Action is ContactChangeAction.Update or ContactChangeAction.UpdateIfEmpty;
        var parent = FindParent(contact, change, creates);
        if (parent is null)
        {
            return;
        }

        var name = change.Field.Segments[^1];
        parent.TryGetPropertyValue(name, out var current);
        var present = parent.ContainsKey(name);
        switch (change.Action)
        {
            case ContactChangeAction.Remove:
                parent.Remove(name);
                break;
            case ContactChangeAction.UpdateIfExists when !present || current is null:
            case ContactChangeAction.UpdateIfEmpty when !IsEmpty(current):
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

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);
}
