namespace GuestSync.Gateway.Profiles;

/// <summary>The type of a contact schema's custom field, which decides how long a value it holds (Genesys's documented limits).</summary>
internal enum EnrichCustomFieldType
{
    /// <summary>Text: at most 100 characters. The default for a custom field the profile does not declare.</summary>
    Text,

    /// <summary>Identifier: at most 100 characters.</summary>
    Identifier,

    /// <summary>URL: at most 200 characters.</summary>
    Url,

    /// <summary>Text Area (schema type <c>longtext</c>): at most 1,000 characters; where encrypted values belong.</summary>
    LongText,
}
