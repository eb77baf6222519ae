namespace GuestSync.Gateway.Genesys.Tokens;

/// <summary>A bearer token and when to stop using it. <see cref="ToString"/> never shows the value.</summary>
internal sealed class AccessToken
{
    public AccessToken(string value, DateTimeOffset refreshAt, DateTimeOffset expiresAt)
    {
        Value = value;
        RefreshAt = refreshAt;
        ExpiresAt = expiresAt;
    }

    public string Value { get; }

    /// <summary>From this moment a new token is fetched, while this one still works.</summary>
    public DateTimeOffset RefreshAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public override string ToString() => $"access token (expires {ExpiresAt:O})";
}
