namespace GuestSync.Gateway.Resilience;

/// <summary>
/// The gateway decided not to send (or not to send again) because Genesys asked it to wait longer than
/// the submission's budget allows: the browser is told to come back after <see cref="RetryAfter"/>.
/// </summary>
public sealed class UpstreamUnavailableException : Exception
{
    public UpstreamUnavailableException()
    {
    }

    public UpstreamUnavailableException(string message)
        : base(message)
    {
    }

    public UpstreamUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}
