using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// Accepted posts per guest, counted after the submission was validated and its binding token checked, so the
/// partition is a real guest id, in its canonical spelling (a UUID lowercased by validation; a token as sent, since
/// tokens are case-sensitive): ids are compared ordinally. The same guest through two profiles shares one window.
/// </summary>
/// <remarks>
/// The windows live in a <see cref="WindowTable"/> of <see cref="RateLimitOptions.MaxTrackedGuests"/> slots fixed at
/// start. Guests are told apart by a 64-bit hash of the id, from two hash functions seeded at random per process (so an
/// outsider cannot aim collisions): two guests share a window only if both hashes collide, about 2^-64 per pair.
/// </remarks>
internal sealed class GuestRateLimiter
{
    /// <summary>Slots per group: a new guest may take any of them.</summary>
    public const int Ways = WindowTable.Ways;

    private readonly WindowTable _windows;

    public GuestRateLimiter(IOptions<RateLimitOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _windows = new WindowTable(options.Value.MaxTrackedGuests, options.Value.PerGuest.PermitLimit, options.Value.PerGuest.Window, timeProvider);
    }

    /// <summary>How many windows the table holds (<see cref="RateLimitOptions.MaxTrackedGuests"/> rounded up to whole groups).</summary>
    public int Capacity => _windows.Capacity;

    /// <summary>Guests whose window has not ended (for tests and diagnostics; scans the table).</summary>
    public int TrackedGuests => _windows.LiveWindows;

    /// <summary>Windows given up before they ended because their group was full (for tests and diagnostics).</summary>
    public long ForgottenEarly => _windows.ForgottenEarly;

    /// <summary>Null when the post may go on; otherwise how long the guest must wait.</summary>
    public TimeSpan? TryAcquire(string guestId)
    {
        ArgumentNullException.ThrowIfNull(guestId);
        return _windows.TryAcquire(Hash(guestId), maxInFlight: 0, out _, out var wait) == WindowDecision.Acquired ? null : wait;
    }

    /// <summary>A 64-bit id hash: Marvin (string's) and xxHash32 (HashCode's), each randomly seeded.</summary>
    private static ulong Hash(string guestId)
    {
        var xx = new HashCode();
        xx.AddBytes(MemoryMarshal.AsBytes(guestId.AsSpan()));
        return ((ulong)(uint)string.GetHashCode(guestId.AsSpan()) << 32) | (uint)xx.ToHashCode();
    }
}
