using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts.Identifiers;

/// <summary>
/// Which contact claims an identifier (type, value), so a lookup is O(1) however many contacts there are. Entries are
/// added whenever a contact is stored and checked against the contact on every read, so a stale entry (the contact
/// since lost the identifier) is never believed.
/// </summary>
internal sealed class ContactIdentifierIndex : IDocumentObserver
{
    private readonly ConcurrentDictionary<(string Type, string Value), string> _owners = new();

    /// <summary>Records the identifiers <paramref name="contact"/> holds in its <c>identifiers</c> array.</summary>
    public void Stored(string contactId, JsonObject contact)
    {
        foreach (var (type, value) in IdentifiersOf(contact))
        {
            _owners[(type, value)] = contactId;
        }
    }

    public void Cleared() => _owners.Clear();

    /// <summary>The id of the contact that claims (type, value), given a way to read a stored contact; null when none does.</summary>
    public string? FindOwner(string type, string value, Func<string, JsonObject?> getContact)
    {
        ArgumentNullException.ThrowIfNull(getContact);
        if (!_owners.TryGetValue((type, value), out var contactId))
        {
            return null;
        }

        if (getContact(contactId) is { } contact && Holds(contact, type, value))
        {
            return contactId;
        }

        _owners.TryRemove(new KeyValuePair<(string, string), string>((type, value), contactId));
        return null;
    }

    public static bool Holds(JsonObject contact, string type, string value) =>
        IdentifiersOf(contact).Contains((type, value));

    private static IEnumerable<(string Type, string Value)> IdentifiersOf(JsonObject contact)
    {
        if (contact["identifiers"] is not JsonArray identifiers)
        {
            yield break;
        }

        foreach (var identifier in identifiers)
        {
            if (identifier?["type"] is { } type && type.GetValueKind() == JsonValueKind.String
                && identifier["value"] is { } value && value.GetValueKind() == JsonValueKind.String)
            {
                yield return (type.GetValue<string>(), value.GetValue<string>());
            }
        }
    }
}
