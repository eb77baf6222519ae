namespace GuestSync.Gateway.Outbox;

/// <summary>One validated, authorized submission the live path could not deliver now.</summary>
/// <param name="Org">The Genesys organization the request goes to.</param>
/// <param name="Key">
/// The resource the request writes: the built request's <c>UpstreamPatch.ResourceKey</c>, i.e. the path for a patch
/// (e.g. <c>/api/v2/guests/&lt;id&gt;</c>) and <c>enrich:&lt;type&gt;:&lt;value&gt;</c> for a contacts-enrich request, whose
/// path is the same for every contact. One pending item exists per (<paramref name="Org"/>, key), so one guest's edits are
/// one item, never two items racing each other or sharing a bulk request.
/// </param>
/// <param name="Profile">The profile name (for operators; never used to rebuild the body).</param>
/// <param name="GuestId">The guest id the request writes.</param>
/// <param name="Request">The built request.</param>
/// <param name="AcceptedAt">
/// When the submission was validated, taken BEFORE the live attempt: edits of one guest are ordered by it,
/// not by the time they reached the store.
/// </param>
/// <param name="CorrelationId">The gateway's own id of the browser's request.</param>
/// <param name="TraceParent">
/// The W3C <c>traceparent</c> of the gateway's own span that queued it (never the browser's context), when tracing is on;
/// the delivery's span links to it. Set by <see cref="OutboxQueue"/>.
/// </param>
internal sealed record OutboxSubmission(
    string Org,
    string Key,
    string Profile,
    string GuestId,
    OutboxRequest Request,
    DateTimeOffset AcceptedAt,
    string CorrelationId,
    string? TraceParent = null);
