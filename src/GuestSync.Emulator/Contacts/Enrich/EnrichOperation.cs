using System.Text.Json.Nodes;

namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>One validated <c>ContactEnrichRequest</c>.</summary>
/// <param name="TrackerId">The request's own <c>id</c>, echoed in bulk results.</param>
/// <param name="Identifiers">The matching identifiers, looked up in this order.</param>
/// <param name="Action">What to do with the match.</param>
/// <param name="Contact">The partial contact provided (empty when none was).</param>
/// <param name="Rules">How provided fields combine with stored ones.</param>
internal sealed record EnrichOperation(
    string? TrackerId,
    IReadOnlyList<(string Type, string Value)> Identifiers,
    EnrichAction Action,
    JsonObject Contact,
    EnrichFieldRules Rules);
