using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Patching;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Profiles;

/// <summary>
/// The field rules of every profile (dialect, envelope, guest id, limits, targets), listing every error with the
/// setting to change, e.g. <c>Profiles:site-b:Fields:email:Target must be a JSON Pointer starting with '/'</c>.
/// <see cref="ProfileSetCompiler"/> runs them with the binding and origin rules, at start and on every reload.
/// </summary>
internal static class GatewayProfilesOptionsValidator
{
    /// <summary>Bodies larger than this are a configuration mistake, not a form.</summary>
    public const int MaxBodyBytesCeiling = 1024 * 1024;

    private static readonly string[] Operations = ["replace", "add"];

    private static readonly string[] Actions =
        ["UpdateIfEmpty", "Update", "UpdateIfExists", "AppendToCollection", "Remove", "RemoveFromCollection"];

    public static ValidateOptionsResult Validate(GatewayProfilesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (profileName, profile) in options.Profiles)
        {
            var prefix = $"{GatewayProfilesOptions.SectionName}:{profileName}";
            if (profile is null)
            {
                errors.Add($"{prefix} must be a section of profile settings.");
                continue;
            }

            ValidateProfile(prefix, profile, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateProfile(string prefix, ProfileOptions profile, List<string> errors)
    {
        if (!Enum.IsDefined(profile.Dialect))
        {
            errors.Add($"{prefix}:Dialect must be 'json-patch', 'external-contacts' or 'contacts-enrich'.");
        }
        else if (profile.Dialect == PatchDialect.ContactsEnrich)
        {
            EnrichProfileRules.Validate(prefix, profile, errors);
        }

        if (!Enum.IsDefined(profile.Envelope))
        {
            errors.Add($"{prefix}:Envelope must be one of: {string.Join(", ", Enum.GetNames<EncryptionEnvelope>())}.");
        }

        if (!Operations.Contains(profile.Operation, StringComparer.Ordinal))
        {
            errors.Add($"{prefix}:Operation must be 'replace' or 'add'.");
        }

        if (!Actions.Contains(profile.ExternalContactsAction, StringComparer.Ordinal))
        {
            errors.Add($"{prefix}:ExternalContactsAction must be one of: {string.Join(", ", Actions)}.");
        }

        if (string.IsNullOrEmpty(profile.GuestIdField)
            || profile.GuestIdField.Length > FormFieldCollector.MaxNameLength
            || FormText.Check(profile.GuestIdField) != TextViolation.None)
        {
            errors.Add($"{prefix}:GuestIdField must be a form field name of 1 to {FormFieldCollector.MaxNameLength} printable characters.");
        }

        if (string.IsNullOrEmpty(profile.IdempotencyField)
            || profile.IdempotencyField.Length > FormFieldCollector.MaxNameLength
            || FormText.Check(profile.IdempotencyField) != TextViolation.None)
        {
            errors.Add($"{prefix}:IdempotencyField must be a form field name of 1 to {FormFieldCollector.MaxNameLength} printable characters.");
        }
        else if (profile.IdempotencyField == profile.GuestIdField || profile.Fields.ContainsKey(profile.IdempotencyField))
        {
            errors.Add($"{prefix}:IdempotencyField '{profile.IdempotencyField}' is also the guest id or a profile field: choose another name.");
        }

        if (!Enum.IsDefined(profile.GuestIdFormat))
        {
            errors.Add($"{prefix}:GuestIdFormat must be 'Uuid' or 'Token'.");
        }

        if (profile.SuccessUrl is { } url && !IsRedirectTarget(url))
        {
            errors.Add($"{prefix}:SuccessUrl must be an absolute http(s) URL or a path starting with a single '/'.");
        }

        if (profile.ErrorUrl is { } errorUrl && !IsRedirectTarget(errorUrl))
        {
            errors.Add($"{prefix}:ErrorUrl must be an absolute http(s) URL or a path starting with a single '/'.");
        }

        ValidateLimits(prefix, profile.Limits, errors);
        ValidateTargets(prefix, profile, errors);
    }

    private static void ValidateLimits(string prefix, FormLimits? limits, List<string> errors)
    {
        if (limits is null)
        {
            errors.Add($"{prefix}:Limits must be a section of limits.");
            return;
        }

        if (limits.MaxBodyBytes is <= 0 or > MaxBodyBytesCeiling)
        {
            errors.Add($"{prefix}:Limits:MaxBodyBytes must be between 1 and {MaxBodyBytesCeiling}.");
        }

        if (limits.MaxFields <= 0)
        {
            errors.Add($"{prefix}:Limits:MaxFields must be positive.");
        }

        if (limits.MaxFieldLength <= 0)
        {
            errors.Add($"{prefix}:Limits:MaxFieldLength must be positive.");
        }
    }

    private static void ValidateTargets(string prefix, ProfileOptions profile, List<string> errors)
    {
        if (profile.Fields.Count == 0)
        {
            errors.Add($"{prefix}:Fields must map at least one form field to a target.");
        }

        var externalContacts = profile.TargetsContact;
        var targets = new List<(string Setting, string Target)>();
        foreach (var (fieldName, field) in profile.Fields)
        {
            var setting = $"{prefix}:Fields:{fieldName}";
            if (field is null)
            {
                errors.Add($"{setting} must be a section with at least a Target.");
                continue;
            }

            if (IsValidTarget(field.Target, externalContacts, setting + ":Target", errors))
            {
                targets.Add((setting + ":Target", field.Target));
            }

            var maxFieldLength = profile.Limits?.MaxFieldLength ?? 0;
            if (field.MaxLength <= 0 || (maxFieldLength > 0 && field.MaxLength > maxFieldLength))
            {
                errors.Add($"{setting}:MaxLength must be between 1 and {prefix}:Limits:MaxFieldLength ({maxFieldLength}).");
            }

            if (!Enum.IsDefined(field.Format))
            {
                errors.Add($"{setting}:Format must be one of: {string.Join(", ", Enum.GetNames<FieldFormat>())}.");
            }
        }

        if (profile.LastUpdatedTarget is { } lastUpdated
            && IsValidTarget(lastUpdated, externalContacts, prefix + ":LastUpdatedTarget", errors)
            && profile.ShouldAddLastUpdated)
        {
            targets.Add((prefix + ":LastUpdatedTarget", lastUpdated));
        }
        else if (profile.LastUpdatedTarget is null && profile.ShouldAddLastUpdated)
        {
            if (externalContacts)
            {
                errors.Add($"{prefix}:LastUpdatedTarget must be set (e.g. '$.customFields.lastUpdated') when AddLastUpdated is true for {(profile.Dialect == PatchDialect.ContactsEnrich ? "contacts-enrich" : "external-contacts")}.");
            }
            else
            {
                targets.Add(($"{prefix}:AddLastUpdated (target {ProfileDefaults.LastUpdatedPointer})", ProfileDefaults.LastUpdatedPointer));
            }
        }

        ValidateTargetsDoNotOverlap(targets, externalContacts, errors);
    }

    private static bool IsValidTarget(string? target, bool externalContacts, string setting, List<string> errors)
    {
        if (externalContacts ? ExternalContactsPath.IsValid(target) : JsonPointer.IsValid(target))
        {
            return true;
        }

        errors.Add(externalContacts
            ? $"{setting} must be a JSONPath of identifiers such as '$.firstName' or '$.customFields.loyalty'."
            : $"{setting} must be a JSON Pointer starting with '/' (write '~' as '~0' and '/' inside a name as '~1').");
        return false;
    }

    private static void ValidateTargetsDoNotOverlap(List<(string Setting, string Target)> targets, bool externalContacts, List<string> errors)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (setting, target) = targets[i];
                var (otherSetting, other) = targets[j];
                if (string.Equals(target, other, StringComparison.Ordinal))
                {
                    errors.Add($"{setting} '{target}' is also the target of {otherSetting}; targets must be unique.");
                }
                else if (externalContacts && (ExternalContactsPath.Contains(other, target) || ExternalContactsPath.Contains(target, other)))
                {
                    errors.Add($"{setting} '{target}' and {otherSetting} '{other}' are a field and its parent; Genesys answers 409 when both change in one request.");
                }
            }
        }
    }

    private static bool IsRedirectTarget(string url) =>
        (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            && Uri.IsWellFormedUriString(url, UriKind.Relative))
        || (Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp));
}
