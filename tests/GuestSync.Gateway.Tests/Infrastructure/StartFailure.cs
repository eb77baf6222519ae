namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>What a failed start told the operator: every message of the start's exception.</summary>
internal static class StartFailure
{
    /// <summary>
    /// Starts a gateway that must fail to start. WebApplicationFactory can, rarely and only under load, report a failed
    /// start as an ObjectDisposedException of its own instead of the start's exception (seen once in a full run): then
    /// the start is tried once more, on a new factory, to read the real message.
    /// </summary>
    public static async Task<string> MessagesAsync(Func<GatewayFactory> newFactory)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var factory = newFactory();
            var failure = Record.Exception(() => factory.CreateClient());
            Assert.NotNull(failure);
            if (failure is ObjectDisposedException && attempt == 1)
            {
                continue;
            }

            return ExceptionMessages.Flatten(failure);
        }
    }
}
