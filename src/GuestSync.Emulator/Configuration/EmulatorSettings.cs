using GuestSync.Emulator.Contacts.Model;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Configuration;

/// <summary>An immutable snapshot of <see cref="EmulatorOptions"/>, taken at start.</summary>
internal sealed class EmulatorSettings
{
    private EmulatorSettings(EmulatorOptions options)
    {
        Clients = options.Clients.ToFrozenDictionary(
            client => client.ClientId,
            client => new ClientRegistration(client.ClientId, client.ClientSecret, TimeSpan.FromSeconds(client.TokenLifetimeSeconds)),
            StringComparer.Ordinal);
        CreateGuestsOnFirstWrite = options.CreateGuestsOnFirstWrite;
        CreateContactsOnFirstWrite = options.CreateContactsOnFirstWrite;
        RateLimitPerMinute = options.RateLimitPerMinute;
        AdminApiEnabled = options.AdminApiEnabled;
        MaxBodyBytes = options.MaxBodyBytes;
        ReceivedRequestCapacity = options.ReceivedRequestCapacity;
        NewGuestTemplate = (JsonObject)JsonNode.Parse(options.NewGuestTemplate, documentOptions: JsonDocuments.StrictOptions)!;
        SeedGuests = ParseSeeds(options.SeedGuests);
        SeedContacts = ParseSeeds(options.SeedContacts);
        CustomFields = CustomFieldSchema.Create(options.ContactCustomFields ?? []);
    }

    public CustomFieldSchema CustomFields { get; }

    public FrozenDictionary<string, ClientRegistration> Clients { get; }

    public bool CreateGuestsOnFirstWrite { get; }

    public bool CreateContactsOnFirstWrite { get; }

    public JsonObject NewGuestTemplate { get; }

    public int RateLimitPerMinute { get; }

    public bool AdminApiEnabled { get; }

    public int MaxBodyBytes { get; }

    public int ReceivedRequestCapacity { get; }

    public IReadOnlyDictionary<string, JsonObject> SeedGuests { get; }

    public IReadOnlyDictionary<string, JsonObject> SeedContacts { get; }

    /// <summary>Validates <paramref name="options"/> and snapshots them.</summary>
    public static EmulatorSettings Create(EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmulatorOptionsValidator.ThrowIfInvalid(options);
        return new EmulatorSettings(options);
    }

    private static Dictionary<string, JsonObject> ParseSeeds(Dictionary<string, string>? seeds) =>
        (seeds ?? []).ToDictionary(
            seed => seed.Key,
            seed => (JsonObject)JsonNode.Parse(seed.Value, documentOptions: JsonDocuments.StrictOptions)!,
            StringComparer.Ordinal);
}
