namespace GuestSync.Gateway.Patching;

/// <summary>
/// The request to send upstream. The body is owned by this object (not pooled), so it can be sent again unchanged when a
/// 401 forces a token refresh and one replay.
/// </summary>
internal sealed class UpstreamPatch
{
    public UpstreamPatch(HttpMethod method, string pathAndQuery, string contentType, ReadOnlyMemory<byte> body, string resourceKey)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentException.ThrowIfNullOrEmpty(resourceKey);
        Method = method;
        PathAndQuery = pathAndQuery;
        ContentType = contentType;
        Body = body;
        ResourceKey = resourceKey;
    }

    /// <summary><c>PATCH</c> for json-patch and external-contacts, <c>POST</c> for contacts-enrich.</summary>
    public HttpMethod Method { get; }

    /// <summary>
    /// The path on the Genesys API host, the id already escaped, e.g. <c>/api/v2/guests/6f1c…</c> or
    /// <c>/api/v2/externalcontacts/contacts/enrich</c>.
    /// </summary>
    public string PathAndQuery { get; }

    /// <summary><c>application/json-patch+json</c> or <c>application/json</c>.</summary>
    public string ContentType { get; }

    /// <summary>The UTF-8 JSON body; encrypted fields hold envelopes, never plaintext.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>
    /// The resource the request writes, the outbox key (<c>OutboxSubmission.Key</c>): the path for a patch, whose path names
    /// the resource; <c>enrich:&lt;type&gt;:&lt;value&gt;</c> for an enrich, whose path is the same for every contact.
    /// </summary>
    public string ResourceKey { get; }
}
