using System.Globalization;
using System.Text;
using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Profiles;

/// <summary>
/// The start-time (and reload) length check of a contacts-enrich profile: the longest value each field can send (its
/// <c>MaxLength</c>, or the envelope the encryptor can produce for that many characters: <see cref="IFieldEncryptor.GetMaxEncryptedLength"/>
/// with the worst guest id of the identifier type) must fit the limit Genesys documents for the target: 1,000 characters
/// for <c>firstName</c>/<c>middleName</c>/<c>lastName</c> and long-text custom fields, 100 for text and identifier custom
/// fields, 200 for URL ones, 256 for the email fields; the guest id must fit the 255 of an identifier value. A target
/// with no documented limit is not checked.
/// </summary>
internal static class EnrichFieldLimits
{
    private const int MaxUtf8BytesPerChar = 3; // a UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair: 4 for 2)

    public static void Check(string prefix, ProfileOptions profile, IReadOnlyDictionary<EncryptionEnvelope, IFieldEncryptor> encryptors, List<string> errors)
    {
        var enrich = profile.Enrich;
        var worstGuestId = EnrichIdentifierRule.WorstCase(enrich.IdentifierType, profile.GuestIdFormat);
        if (worstGuestId.Length > EnrichIdentifierRule.MaxGenesysLength)
        {
            errors.Add($"{prefix}:GuestIdField '{profile.GuestIdField}' can hold {worstGuestId.Length} characters, over the {EnrichIdentifierRule.MaxGenesysLength} of a Genesys identifier value.");
        }

        foreach (var (name, field) in profile.Fields)
        {
            if (field is null || field.MaxLength <= 0 || Limit(field.Target, enrich) is not { } limit)
            {
                continue;
            }

            var setting = $"{prefix}:Fields:{name}";
            if (!field.Encrypt)
            {
                if (field.MaxLength > limit.Characters)
                {
                    errors.Add($"{setting}:MaxLength {field.MaxLength} does not fit {limit.What} ('{field.Target}', at most {limit.Characters} characters): set MaxLength to at most {limit.Characters}.");
                }

                continue;
            }

            if (!encryptors.TryGetValue(profile.Envelope, out var encryptor))
            {
                errors.Add($"{prefix}:Envelope {profile.Envelope} has no encryptor registered, so {setting} cannot be sized.");
                continue;
            }

            var context = new FieldContext(field.Target, worstGuestId);
            var longest = Longest(encryptor, field.MaxLength, context);
            if (longest > limit.Characters)
            {
                var fitting = LargestFitting(encryptor, field.MaxLength, context, limit.Characters);
                var advice = fitting > 0
                    ? $"set MaxLength to at most {fitting.ToString(CultureInfo.InvariantCulture)}"
                    : "no MaxLength fits with this envelope and identifier";
                errors.Add($"{setting} can produce a {profile.Envelope} envelope of {longest.ToString(CultureInfo.InvariantCulture)} characters (MaxLength {field.MaxLength}), " +
                    $"over the {limit.Characters} of {limit.What} ('{field.Target}'): {advice}, or target a longer field.");
            }
        }
    }

    /// <summary>Genesys's documented limit for a contact target, or null when it documents none.</summary>
    public static (int Characters, string What)? Limit(string target, EnrichOptions enrich)
    {
        if (EnrichProfileRules.CustomFieldKey(target) is { } key)
        {
            var type = enrich.CustomFields.TryGetValue(key, out var declared) ? declared : EnrichCustomFieldType.Text;
            var what = enrich.CustomFields.ContainsKey(key) ? $"a {type} custom field" : "a Text custom field (not declared under Enrich:CustomFields)";
            return type switch
            {
                EnrichCustomFieldType.LongText => (1000, what),
                EnrichCustomFieldType.Url => (200, what),
                _ => (100, what),
            };
        }

        return target switch
        {
            "$.firstName" or "$.middleName" or "$.lastName" => (1000, "a contact name field"),
            "$.workEmail" or "$.personalEmail" or "$.otherEmail" => (256, "a contact email field"),
            _ => null,
        };
    }

    private static int Longest(IFieldEncryptor encryptor, int maxLength, in FieldContext context) =>
        encryptor.GetMaxEncryptedLength(checked(maxLength * MaxUtf8BytesPerChar), context);

    private static int LargestFitting(IFieldEncryptor encryptor, int maxLength, in FieldContext context, int limit)
    {
        for (var length = maxLength - 1; length > 0; length--)
        {
            if (Longest(encryptor, length, context) <= limit)
            {
                return length;
            }
        }

        return 0;
    }
}
