using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>
/// Moves fake time forward in small steps until a pending call completes, so back-offs and Retry-After waits
/// take no real time. Each step yields briefly so the gateway's continuations run.
/// </summary>
internal static class FakeTimeDriver
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> pending, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var increment = step ?? TimeSpan.FromMilliseconds(100);
        var end = time.GetUtcNow() + (limit ?? TimeSpan.FromMinutes(2));
        while (!pending.IsCompleted && time.GetUtcNow() < end)
        {
            await Task.WhenAny(pending, Task.Delay(3));
            if (!pending.IsCompleted)
            {
                time.Advance(increment);
            }
        }

        // Bounded in real time too: a test that waits on something fake time cannot reach fails instead of hanging.
        return await pending.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Moves fake time forward in small steps until <paramref name="condition"/> holds (background work such
    /// as the outbox deliverer); fails when it does not within <paramref name="limit"/> of fake time.</summary>
    public static async Task DriveUntilAsync(this FakeTimeProvider time, Func<bool> condition, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var increment = step ?? TimeSpan.FromMilliseconds(200);
        var end = time.GetUtcNow() + (limit ?? TimeSpan.FromMinutes(2));
        var realEnd = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition())
        {
            if (time.GetUtcNow() >= end || DateTime.UtcNow >= realEnd)
            {
                Assert.Fail($"Condition not met by {time.GetUtcNow():O} (fake) within the limit.");
            }

            await Task.Delay(4);
            if (!condition())
            {
                time.Advance(increment);
            }
        }
    }
}
