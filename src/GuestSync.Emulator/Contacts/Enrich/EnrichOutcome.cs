namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>A successful enrich: 201 when a contact was created, 200 when one was updated; the contact as stored (or as it would be, on a dry run).</summary>
internal sealed record EnrichOutcome(int StatusCode, string ContactId, byte[] Contact);
