namespace GuestSync.Gateway.Patching;

/// <summary>
/// The request to send upstream with <c>PATCH</c>. The body is owned by this object (not pooled), so it can be
/// sent again unchanged when a 401 forces a token refresh and one replay.
/// </summary>
internal sealed class UpstreamPatch
{
    public UpstreamPatch(string pathAndQuery, string contentType, ReadOnlyMemory<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        PathAndQuery = pathAndQuery;
        ContentType = contentType;
        Body = body;
    }

    /// <summary>The path on the Genesys API host, the id already escaped, e.g. <c>/api/v2/guests/6f1c…</c>.</summary>
    public string PathAndQuery { get; }

    /// <summary><c>application/json-patch+json</c> or <c>application/json</c>.</summary>
    public string ContentType { get; }

    /// <summary>The UTF-8 JSON body; encrypted fields hold envelopes, never plaintext.</summary>
    public ReadOnlyMemory<byte> Body { get; }
}
