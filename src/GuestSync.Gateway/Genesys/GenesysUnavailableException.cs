namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The gateway did not send (or not again) to an organization: no token could be had, or Genesys asked it to
/// wait longer than the submission's budget allows. The caller is told to come back after <see cref="RetryAfter"/>.
/// The message names the organization and the status, never a credential or a response body.
/// </summary>
internal sealed class GenesysUnavailableException : Exception
{
    public GenesysUnavailableException()
    {
    }

    public GenesysUnavailableException(string message)
        : base(message)
    {
    }

    public GenesysUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why nothing was sent: the browser's answer names it.</summary>
    public GenesysUnavailableCause Cause { get; init; } = GenesysUnavailableCause.NoToken;

    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
