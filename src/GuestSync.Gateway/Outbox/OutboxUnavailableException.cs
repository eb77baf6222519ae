namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The store could not take a submission (full, unwritable): the caller answers 503 with
/// <see cref="RetryAfter"/>, never a 202. The message names no personal value.
/// </summary>
public sealed class OutboxUnavailableException : Exception
{
    public OutboxUnavailableException()
    {
    }

    public OutboxUnavailableException(string message)
        : base(message)
    {
    }

    public OutboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the store refused because <c>Delivery:MaxPending</c> items are pending.</summary>
    public bool IsFull { get; init; }

    /// <summary>How long the browser should wait before sending again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(30);
}
