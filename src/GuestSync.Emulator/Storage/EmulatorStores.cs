using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Contacts.Identifiers;

namespace GuestSync.Emulator.Storage;

/// <summary>The emulator's guests and external contacts.</summary>
internal sealed class EmulatorStores(EmulatorSettings settings, ContactIdentifierIndex contactIdentifiers)
{
    public DocumentStore Guests { get; } = new(settings.SeedGuests);

    public DocumentStore Contacts { get; } = new(settings.SeedContacts, contactIdentifiers);

    public void Reset()
    {
        Guests.Reset();
        Contacts.Reset();
    }
}
