using GuestSync.Emulator.Configuration;

namespace GuestSync.Emulator.Storage;

/// <summary>The emulator's guests and external contacts.</summary>
internal sealed class EmulatorStores(EmulatorSettings settings)
{
    public DocumentStore Guests { get; } = new(settings.SeedGuests);

    public DocumentStore Contacts { get; } = new(settings.SeedContacts);

    public void Reset()
    {
        Guests.Reset();
        Contacts.Reset();
    }
}
