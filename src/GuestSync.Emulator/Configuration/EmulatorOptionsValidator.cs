using GuestSync.Emulator.Contacts.Model;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Storage;
using Microsoft.Extensions.Options;

namespace GuestSync.Emulator.Configuration;

/// <summary>Checks every setting at start and reports all problems at once, naming the setting to change.</summary>
internal sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    private const string Section = EmulatorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static void ThrowIfInvalid(EmulatorOptions options)
    {
        var errors = Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EmulatorOptions), errors);
        }
    }

    private static List<string> Collect(EmulatorOptions options)
    {
        var errors = new List<string>();
        ValidateClients(options.Clients, errors);
        if (options.MaxBodyBytes <= 0)
        {
            errors.Add($"{Section}:MaxBodyBytes must be positive (Genesys accepts 512000).");
        }

        if (options.ReceivedRequestCapacity < 0)
        {
            errors.Add($"{Section}:ReceivedRequestCapacity must be zero (recording off) or positive.");
        }

        if (!IsJsonObject(options.NewGuestTemplate))
        {
            errors.Add($"{Section}:{nameof(EmulatorOptions.NewGuestTemplate)} must be a JSON object, e.g. {EmulatorOptions.DefaultNewGuestTemplate}.");
        }

        ValidateSeeds(options.SeedGuests, nameof(EmulatorOptions.SeedGuests), errors);
        ValidateSeeds(options.SeedContacts, nameof(EmulatorOptions.SeedContacts), errors);
        foreach (var (key, type) in options.ContactCustomFields ?? [])
        {
            if (!CustomFieldSchema.TryParseType(type, out _))
            {
                errors.Add($"{Section}:{nameof(EmulatorOptions.ContactCustomFields)}:{key} must be one of {CustomFieldSchema.TypeNameList}.");
            }
        }

        return errors;
    }

    private static void ValidateClients(List<EmulatorClient>? clients, List<string> errors)
    {
        if (clients is null || clients.Count == 0)
        {
            errors.Add($"{Section}:Clients must list at least one client.");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var prefix = $"{Section}:Clients:{i}";
            if (string.IsNullOrEmpty(client?.ClientId) || client.ClientId.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"{prefix}:ClientId must be set and must not contain ':'.");
            }
            else if (!ids.Add(client.ClientId))
            {
                errors.Add($"{prefix}:ClientId repeats another client's id.");
            }

            if (string.IsNullOrEmpty(client?.ClientSecret))
            {
                errors.Add($"{prefix}:ClientSecret must be set.");
            }

            if (client is not null && client.TokenLifetimeSeconds <= 0)
            {
                errors.Add($"{prefix}:TokenLifetimeSeconds must be positive (Genesys allows 300 to 172800).");
            }
        }
    }

    private static void ValidateSeeds(Dictionary<string, string>? seeds, string setting, List<string> errors)
    {
        foreach (var (id, json) in seeds ?? [])
        {
            if (!IsJsonObject(json))
            {
                errors.Add($"{Section}:{setting}:{id} must be a JSON object, e.g. {{\"firstName\":\"Ada\"}}.");
            }
        }
    }

    private static bool IsJsonObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(json, documentOptions: JsonDocuments.StrictOptions) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
