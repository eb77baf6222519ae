using Polly;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// A pause an organization asked for (a 429 cool-down, a spent rate window) is waited out when it ends inside the
/// submission's budget; otherwise the attempt gives up at once, so the caller can queue it and name the wait.
/// </summary>
internal static class BudgetedWait
{
    /// <summary>Null when the wait is over; otherwise the exception that ends the attempt (give-up or cancellation).</summary>
    public static async ValueTask<Exception?> WaitAsync(TimeSpan wait, ResilienceContext context, TimeProvider timeProvider, Func<string> why)
    {
        if (timeProvider.GetUtcNow() + wait > context.Properties.GetValue(ResilienceKeys.Deadline, DateTimeOffset.MaxValue))
        {
            return new GenesysUnavailableException(why()) { Cause = GenesysUnavailableCause.CoolingDown, RetryAfter = wait };
        }

        try
        {
            await Task.Delay(wait, timeProvider, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            return null;
        }
        catch (OperationCanceledException ex)
        {
            return ex;
        }
    }
}
