namespace GuestSync.Emulator;

/// <summary>One request the emulator received, as it arrived.</summary>
/// <param name="ReceivedAt">When it arrived, by the emulator's <see cref="TimeProvider"/>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path (decoded, without the query string).</param>
/// <param name="Headers">Request headers, case-insensitive; repeated headers joined with <c>", "</c>.</param>
/// <param name="Body">The request body; empty when there was none or it was over the size limit.</param>
/// <param name="BearerToken">The bearer token from the <c>Authorization</c> header, if any.</param>
/// <param name="Status">The status answered, or 0 when none was: the connection was dropped by a fault, or the client
/// went away before an answer started (then <paramref name="Body"/> may be cut short).</param>
public sealed record ReceivedRequest(
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? BearerToken,
    int Status)
{
    /// <summary>The query string as received, with its leading <c>?</c> (e.g. <c>?expand=externalOrganization</c>), or empty.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>The <c>ININ-Correlation-Id</c> the emulator answered this request with.</summary>
    public string CorrelationId { get; init; } = string.Empty;
}
