namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>How a provided array combines with the stored one (<c>defaultArrayAction</c>, <c>rules[].arrayAction</c>).</summary>
internal enum EnrichArrayAction
{
    /// <summary>Stored items, then provided items not already there (Genesys's default).</summary>
    Fill,

    /// <summary>As <see cref="Fill"/>: the emulator has no array size limits to tell them apart.</summary>
    Extend,

    /// <summary>The provided array replaces the stored one.</summary>
    Replace,
}
