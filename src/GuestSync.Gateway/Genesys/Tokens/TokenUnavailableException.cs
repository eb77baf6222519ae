namespace GuestSync.Gateway.Genesys.Tokens;

/// <summary>
/// No token could be had from an organization's token endpoint. The message names the organization and
/// the status, never a credential or a response body.
/// </summary>
public sealed class TokenUnavailableException : Exception
{
    public TokenUnavailableException()
    {
    }

    public TokenUnavailableException(string message)
        : base(message)
    {
    }

    public TokenUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
