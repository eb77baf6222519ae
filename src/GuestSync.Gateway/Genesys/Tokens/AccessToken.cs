namespace GuestSync.Gateway.Genesys.Tokens;

/// <summary>A bearer token and when to stop using it. <see cref="ToString"/> never shows the value.</summary>
internal sealed class AccessToken
{
    public AccessToken(string value, DateTimeOffset refreshAt, DateTimeOffset expiresAt)
    {
        Value = value;
        RefreshAt = refreshAt;
        ExpiresAt = expiresAt;
        BearerHeader = value.AsSpan().ContainsAnyInRange('\0', '\u001f') || value.Contains('\u007f') ? null : "Bearer " + value;
    }

    public string Value { get; }

    /// <summary>
    /// The whole <c>Authorization</c> header value, <c>Bearer &lt;token&gt;</c>, made once per token: every request sends it,
    /// and a typed <see cref="System.Net.Http.Headers.AuthenticationHeaderValue"/> would format this string again on every
    /// send. Null for a value holding control characters, which keeps the typed header's handling.
    /// </summary>
    public string? BearerHeader { get; }

    /// <summary>From this moment a new token is fetched, while this one still works.</summary>
    public DateTimeOffset RefreshAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public override string ToString() => $"access token (expires {ExpiresAt:O})";
}
