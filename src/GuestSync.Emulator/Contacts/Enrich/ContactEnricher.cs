using System.Globalization;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Contacts.Identifiers;
using GuestSync.Emulator.Contacts.Model;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>
/// Runs one enrich: finds the first contact claiming a matching identifier (in order), then inserts, updates or
/// upserts under the field rules. The matched or created contact claims every matching identifier no other contact
/// holds. Find-or-create runs under one lock, so concurrent upserts of one identifier never make two contacts.
/// </summary>
internal sealed class ContactEnricher(EmulatorStores stores, ContactIdentifierIndex index, ContactStamp stamp, EmulatorClock clock)
{
    private readonly Lock _lock = new();

    /// <summary>The outcome; throws <see cref="DocumentChangeException"/> with 409 (Insert, match) or 404 (Update, none).</summary>
    public EnrichOutcome Enrich(EnrichOperation operation, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(operation);
        lock (_lock)
        {
            var (matchId, matchIndex) = FindMatch(operation.Identifiers);
            switch (operation.Action)
            {
                case EnrichAction.Insert when matchId is not null:
                    throw new DocumentChangeException($"matchingIdentifiers[{matchIndex}] is already claimed by an external contact; Insert creates only new contacts.") { StatusCode = StatusCodes.Status409Conflict };
                case EnrichAction.Update when matchId is null:
                    throw new DocumentChangeException("No external contact claims any of the matchingIdentifiers; Update changes only existing contacts.") { StatusCode = StatusCodes.Status404NotFound };
            }

            var contactId = matchId ?? Guid.NewGuid().ToString();
            var stored = matchId is null ? null : stores.Contacts.Get(matchId);
            var combined = EnrichFieldCombiner.Combine(stored ?? [], operation.Contact, operation.Rules);
            Claim(combined, contactId, operation.Identifiers);
            var contact = stamp.Stamp(contactId, stored, combined);
            if (!dryRun)
            {
                stores.Contacts.Put(contactId, contact);
            }

            return new EnrichOutcome(stored is null ? StatusCodes.Status201Created : StatusCodes.Status200OK, contactId, JsonDocuments.Serialize(contact));
        }
    }

    /// <summary>The contact claiming (type, value), or null.</summary>
    public JsonObject? Find(string type, string value) =>
        index.FindOwner(type, value, stores.Contacts.Get) is { } contactId ? stores.Contacts.Get(contactId) : null;

    private (string? ContactId, int Index) FindMatch(IReadOnlyList<(string Type, string Value)> identifiers)
    {
        for (var i = 0; i < identifiers.Count; i++)
        {
            if (index.FindOwner(identifiers[i].Type, identifiers[i].Value, stores.Contacts.Get) is { } contactId)
            {
                return (contactId, i);
            }
        }

        return (null, -1);
    }

    private void Claim(JsonObject contact, string contactId, IReadOnlyList<(string Type, string Value)> identifiers)
    {
        var held = contact["identifiers"] as JsonArray;
        var now = clock.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        foreach (var (type, value) in identifiers)
        {
            var owner = index.FindOwner(type, value, stores.Contacts.Get);
            if ((owner is null || owner == contactId) && !ContactIdentifierIndex.Holds(contact, type, value))
            {
                if (held is null)
                {
                    held = [];
                    contact["identifiers"] = held;
                }

                held.Add(new JsonObject { ["type"] = type, ["value"] = value, ["dateCreated"] = now });
            }
        }
    }
}
