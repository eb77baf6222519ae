namespace GuestSync.Gateway.Hosting;

/// <summary>
/// A start that cannot go on because of the operator's setup (e.g. no route file): <c>Program</c> prints the message
/// alone, without a stack trace, and exits with a non-zero code. The message names what to change and never holds a secret.
/// </summary>
internal sealed class GatewayStartException : Exception
{
    public GatewayStartException(string message)
        : base(message)
    {
    }

    public GatewayStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
