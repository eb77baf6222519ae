namespace GuestSync.Gateway.Profiles;

/// <summary>How a <see cref="PatchDialect.ContactsEnrich"/> profile writes its contact (<c>Profiles:&lt;name&gt;:Enrich</c>).</summary>
internal sealed class EnrichOptions
{
    /// <summary>The identifier type the guest id is matched as. Default <see cref="EnrichIdentifierType.Cookie"/>.</summary>
    public EnrichIdentifierType IdentifierType { get; set; } = EnrichIdentifierType.Cookie;

    /// <summary>The enrich <c>action</c>: <c>Upsert</c> (default), <c>Merge</c>, <c>Update</c> or <c>Insert</c>.</summary>
    public string Action { get; set; } = ProfileDefaults.EnrichAction;

    /// <summary>
    /// <c>fieldRules.defaultAction</c>: <c>PreferProvided</c> (default: a sent value wins, fields not sent keep theirs),
    /// <c>AlwaysUseProvided</c> or <c>PreferExisting</c>.
    /// </summary>
    public string DefaultFieldAction { get; set; } = ProfileDefaults.EnrichDefaultFieldAction;

    /// <summary>
    /// The contact schema holding the custom fields (<c>contact.schema.id</c>). Default none; required when a field targets
    /// <c>$.customFields.*</c>.
    /// </summary>
    public string? SchemaId { get; set; }

    /// <summary>The schema version sent as <c>contact.schema.version</c>. Default none (not sent).</summary>
    public int? SchemaVersion { get; set; }

    /// <summary>
    /// The schema's custom field types, key to type (<c>LongText</c>, <c>Text</c>, <c>Identifier</c>, <c>Url</c>), as the
    /// schema in Genesys declares them; they decide the length each may hold. A custom field not listed is taken as
    /// <c>Text</c> (100 characters). Default empty.
    /// </summary>
    public Dictionary<string, EnrichCustomFieldType> CustomFields { get; } = new(StringComparer.Ordinal);
}
