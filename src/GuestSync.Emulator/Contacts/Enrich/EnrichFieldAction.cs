namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>How a provided field combines with the stored one (<c>EnrichFieldRules.defaultAction</c>, <c>rules[].action</c>).</summary>
internal enum EnrichFieldAction
{
    /// <summary>The provided value wins when it is not null; omitted or null fields leave the stored value (Genesys's default).</summary>
    PreferProvided,

    /// <summary>The provided value always wins: an omitted or null field clears the stored one.</summary>
    AlwaysUseProvided,

    /// <summary>The stored value wins when it is not empty; the provided one fills empty fields.</summary>
    PreferExisting,
}
