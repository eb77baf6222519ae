using System.Collections.Frozen;

namespace GuestSync.Emulator.Contacts.Model;

/// <summary>The fields of an <c>ExternalContact</c> (SDK model), by kind; any other name is an unknown field.</summary>
internal static class ContactFields
{
    public const int NameMaxLength = 1000;
    public const int EmailMaxLength = 256;
    public const int IdentifierValueMaxLength = 255;

    public static readonly FrozenDictionary<string, ContactFieldKind> Kinds = new Dictionary<string, ContactFieldKind>(StringComparer.Ordinal)
    {
        ["id"] = ContactFieldKind.ServerManaged,
        ["selfUri"] = ContactFieldKind.ServerManaged,
        ["createDate"] = ContactFieldKind.ServerManaged,
        ["modifyDate"] = ContactFieldKind.ServerManaged,
        ["externalDataSources"] = ContactFieldKind.ServerManaged,
        ["canonicalContact"] = ContactFieldKind.ServerManaged,
        ["mergeSet"] = ContactFieldKind.ServerManaged,
        ["mergedFrom"] = ContactFieldKind.ServerManaged,
        ["mergedTo"] = ContactFieldKind.ServerManaged,
        ["mergeOperation"] = ContactFieldKind.ServerManaged,
        ["firstName"] = ContactFieldKind.Name,
        ["middleName"] = ContactFieldKind.Name,
        ["lastName"] = ContactFieldKind.Name,
        ["salutation"] = ContactFieldKind.Text,
        ["title"] = ContactFieldKind.Text,
        ["externalSystemUrl"] = ContactFieldKind.Text,
        ["workEmail"] = ContactFieldKind.Email,
        ["personalEmail"] = ContactFieldKind.Email,
        ["otherEmail"] = ContactFieldKind.Email,
        ["workPhone"] = ContactFieldKind.Phone,
        ["cellPhone"] = ContactFieldKind.Phone,
        ["homePhone"] = ContactFieldKind.Phone,
        ["otherPhone"] = ContactFieldKind.Phone,
        ["address"] = ContactFieldKind.Address,
        ["surveyOptOut"] = ContactFieldKind.Boolean,
        ["customFields"] = ContactFieldKind.CustomFields,
        ["identifiers"] = ContactFieldKind.Identifiers,
        ["type"] = ContactFieldKind.ContactType,
        ["division"] = ContactFieldKind.Object,
        ["schema"] = ContactFieldKind.Object,
        ["twitterId"] = ContactFieldKind.Object,
        ["lineId"] = ContactFieldKind.Object,
        ["whatsAppId"] = ContactFieldKind.Object,
        ["facebookId"] = ContactFieldKind.Object,
        ["instagramId"] = ContactFieldKind.Object,
        ["externalOrganization"] = ContactFieldKind.Object,
        ["externalIds"] = ContactFieldKind.Array,
        ["appleOpaqueIds"] = ContactFieldKind.Array,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Members of a <c>PhoneNumber</c>.</summary>
    public static readonly FrozenSet<string> PhoneMembers =
        new[] { "display", "extension", "acceptsSMS", "normalizationCountryCode", "userInput", "e164", "countryCode" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Members of a <c>ContactAddress</c>.</summary>
    public static readonly FrozenSet<string> AddressMembers =
        new[] { "address1", "address2", "city", "state", "postalCode", "countryCode" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The values of <c>ExternalContact.type</c>; contacts the emulator creates are <c>Curated</c>.</summary>
    public static readonly FrozenSet<string> ContactTypes = new[] { "Ephemeral", "Identified", "Curated" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Identifier types of <c>ContactIdentifier</c>.</summary>
    public static readonly FrozenSet<string> IdentifierTypes = new[]
    {
        "Cookie", "ExternalId", "Email", "Phone", "SocialLine", "SocialFacebook", "SocialTwitter", "SocialWhatsapp",
        "SocialInstagram", "SocialWhatsappBsuid", "AppleOpaqueId",
    }.ToFrozenSet(StringComparer.Ordinal);
}
