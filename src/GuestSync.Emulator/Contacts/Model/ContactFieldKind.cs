namespace GuestSync.Emulator.Contacts.Model;

/// <summary>What an <c>ExternalContact</c> field holds, as the SDK models describe it.</summary>
internal enum ContactFieldKind
{
    /// <summary>A name (first, middle, last): a string of at most 1,000 characters.</summary>
    Name,

    /// <summary>Any string.</summary>
    Text,

    /// <summary>A valid email address of at most 256 characters.</summary>
    Email,

    Boolean,

    /// <summary>A <c>PhoneNumber</c> object; <c>e164</c> and <c>display</c> must be phone numbers.</summary>
    Phone,

    /// <summary>A <c>ContactAddress</c> object of strings.</summary>
    Address,

    /// <summary>The <c>customFields</c> map, checked against the configured schema when there is one.</summary>
    CustomFields,

    /// <summary>The <c>identifiers</c> array of <c>{type, value}</c>.</summary>
    Identifiers,

    /// <summary>One of <c>Ephemeral</c>, <c>Identified</c>, <c>Curated</c>.</summary>
    ContactType,

    /// <summary>An object the emulator stores without looking inside (division, schema, social ids, organization).</summary>
    Object,

    /// <summary>An array the emulator stores without looking inside (external ids, Apple opaque ids).</summary>
    Array,

    /// <summary>Set by Genesys only: id, selfUri, dates, merge history, data sources.</summary>
    ServerManaged,
}
