namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// One organization's shared pause: a 429 closes the gate for everyone until its <c>Retry-After</c>
/// passes, so nothing is sent into a limit Genesys has already announced.
/// </summary>
internal sealed class CoolDownGate
{
    private long _untilTicks;

    public DateTimeOffset Until => new(Interlocked.Read(ref _untilTicks), TimeSpan.Zero);

    /// <summary>Closes the gate until <paramref name="until"/>, unless it is already closed for longer.</summary>
    public void CloseUntil(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        var current = Interlocked.Read(ref _untilTicks);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref _untilTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>How long until the gate opens; zero when it is open.</summary>
    public TimeSpan RemainingAt(DateTimeOffset now)
    {
        var remaining = Until - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
