using GuestSync.Gateway.Patching;

namespace GuestSync.Gateway.Profiles;

/// <summary>
/// The rules only a contacts-enrich profile has (<c>Profiles:&lt;name&gt;:Enrich:*</c> and where its fields may go),
/// run by <see cref="GatewayProfilesOptionsValidator"/>; the length checks need the encryptors and run in
/// <see cref="ProfileSetCompiler"/> (<see cref="EnrichFieldLimits"/>).
/// </summary>
internal static class EnrichProfileRules
{
    private static readonly string[] Actions = ["Upsert", "Merge", "Update", "Insert"];
    private static readonly string[] FieldActions = ["PreferProvided", "AlwaysUseProvided", "PreferExisting"];

    /// <summary>Top-level contact fields the gateway never writes: Genesys manages them, or the gateway writes them itself.</summary>
    private static readonly string[] Reserved =
        ["id", "selfUri", "createDate", "modifyDate", "schema", "identifiers", "externalDataSources", "mergeSet", "mergedFrom", "mergedTo", "canonicalContact", "mergeOperation"];

    public static void Validate(string prefix, ProfileOptions profile, List<string> errors)
    {
        var enrich = profile.Enrich;
        if (enrich is null)
        {
            errors.Add($"{prefix}:Enrich must be a section of enrich settings.");
            return;
        }

        var setting = prefix + ":Enrich";
        if (!Enum.IsDefined(enrich.IdentifierType))
        {
            errors.Add($"{setting}:IdentifierType must be one of: {string.Join(", ", Enum.GetNames<EnrichIdentifierType>())}.");
        }
        else if (enrich.IdentifierType == EnrichIdentifierType.Cookie && profile.GuestIdFormat != GuestIdFormat.Uuid)
        {
            errors.Add($"{prefix}:GuestIdFormat must be Uuid (or unset) with {setting}:IdentifierType Cookie: a Messenger cookie id is a UUID.");
        }

        if (!Actions.Contains(enrich.Action, StringComparer.Ordinal))
        {
            errors.Add($"{setting}:Action must be one of: {string.Join(", ", Actions)}.");
        }

        if (!FieldActions.Contains(enrich.DefaultFieldAction, StringComparer.Ordinal))
        {
            errors.Add($"{setting}:DefaultFieldAction must be one of: {string.Join(", ", FieldActions)}.");
        }

        if (enrich.SchemaVersion is <= 0)
        {
            errors.Add($"{setting}:SchemaVersion must be a positive version number, or unset.");
        }

        foreach (var (key, type) in enrich.CustomFields)
        {
            if (!ExternalContactsPath.IsValid("$." + key) || key.Contains('.', StringComparison.Ordinal))
            {
                errors.Add($"{setting}:CustomFields:{key} is not a custom field key (letters, digits, '_').");
            }

            if (!Enum.IsDefined(type))
            {
                errors.Add($"{setting}:CustomFields:{key} must be one of: {string.Join(", ", Enum.GetNames<EnrichCustomFieldType>())}.");
            }
        }

        var writesCustomFields = false;
        foreach (var (name, field) in profile.Fields)
        {
            if (field is null || !ExternalContactsPath.IsValid(field.Target))
            {
                continue; // reported by the target rules
            }

            writesCustomFields |= CustomFieldKey(field.Target) is not null;
            CheckTarget($"{prefix}:Fields:{name}:Target", field.Target, errors);
            if (field.Encrypt && CustomFieldKey(field.Target) is null)
            {
                errors.Add($"{prefix}:Fields:{name}:Target '{field.Target}' holds an encrypted value, which belongs in a custom field " +
                    "('$.customFields.<key>', a long-text field): Genesys validates its typed fields and shows plain ones to agents. Set Encrypt to false or target a custom field.");
            }
        }

        if (profile.ShouldAddLastUpdated && profile.LastUpdatedTarget is { } lastUpdated && ExternalContactsPath.IsValid(lastUpdated))
        {
            writesCustomFields |= CustomFieldKey(lastUpdated) is not null;
            CheckTarget(prefix + ":LastUpdatedTarget", lastUpdated, errors);
        }

        if (writesCustomFields && string.IsNullOrWhiteSpace(enrich.SchemaId))
        {
            errors.Add($"{setting}:SchemaId must be set: custom fields are written through the contact schema that declares them.");
        }
    }

    /// <summary>The key of a <c>$.customFields.&lt;key&gt;</c> target, else null.</summary>
    public static string? CustomFieldKey(string target)
    {
        const string Prefix = "$.customFields.";
        return target.StartsWith(Prefix, StringComparison.Ordinal) && target.IndexOf('.', Prefix.Length) < 0 ? target[Prefix.Length..] : null;
    }

    private static void CheckTarget(string setting, string target, List<string> errors)
    {
        var top = target[2..].Split('.')[0];
        if (Reserved.Contains(top, StringComparer.Ordinal))
        {
            errors.Add($"{setting} '{target}' is not written by a site: Genesys manages it, or the gateway writes it itself.");
        }
        else if (top == "customFields" && CustomFieldKey(target) is null)
        {
            errors.Add($"{setting} '{target}' must name one custom field: '$.customFields.<key>'.");
        }
    }
}
