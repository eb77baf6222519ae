namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>What an enrich does with the contact its identifiers find (<c>ContactEnrichRequest.action</c>).</summary>
internal enum EnrichAction
{
    /// <summary>Update the match, or create a contact when there is none. The emulator does not merge several matches: the first one wins.</summary>
    Merge,

    /// <summary>Update the match, or create a contact when there is none.</summary>
    Upsert,

    /// <summary>Update the match; no match is 404.</summary>
    Update,

    /// <summary>Create a contact; a match is 409.</summary>
    Insert,
}
