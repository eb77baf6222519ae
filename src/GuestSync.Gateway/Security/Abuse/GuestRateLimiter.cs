using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>
/// Accepted posts per guest, counted after the submission was validated and its binding token checked, so the
/// partition is a real guest id, in its canonical spelling (a UUID lowercased by validation; a token as sent, since
/// tokens are case-sensitive): ids are compared ordinally. The same guest through two profiles shares one window.
/// </summary>
/// <remarks>
/// <para>
/// Written by hand rather than with <c>PartitionedRateLimiter</c>: that one keeps a limiter per partition and
/// scans every partition on a 100 ms heartbeat, and every guest is a partition (measured: +28 µs CPU per request).
/// </para>
/// <para>
/// Memory is fixed at start: one table of <see cref="RateLimitOptions.MaxTrackedGuests"/> windows (24 bytes each),
/// in groups of <see cref="Ways"/>; a guest's window lives in the group its id hashes to. A new guest takes an empty
/// or expired slot of its group, else the slot of the group's oldest window, whose guest then starts a fresh window
/// on its next post (it is forgotten early, never refused wrongly). A dictionary of windows keyed by guest id, swept
/// once per window, grew with the distinct guests of the last one or two windows: +31 MB RSS from 100 k to 1 M
/// distinct guests in the soak (bench/soak.sh), and its bucket array never shrank.
/// </para>
/// <para>
/// Guests are told apart by a 64-bit hash of the id, from two hash functions seeded at random per process (so an
/// outsider cannot aim collisions): two guests share a window only if both hashes collide, about 2^-64 per pair.
/// </para>
/// </remarks>
internal sealed class GuestRateLimiter
{
    /// <summary>Slots per group: a new guest may take any of them.</summary>
    public const int Ways = 8;

    private const int MaxLocks = 1024;

    private readonly Slot[] _slots;
    private readonly object[] _locks;
    private readonly int _groupMask;
    private readonly int _permitLimit;
    private readonly long _windowTicks;
    private readonly TimeProvider _timeProvider;
    private long _forgotten;

    public GuestRateLimiter(IOptions<RateLimitOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _permitLimit = options.Value.PerGuest.PermitLimit;
        _windowTicks = options.Value.PerGuest.Window.Ticks;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        var groups = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (options.Value.MaxTrackedGuests + Ways - 1) / Ways));
        _slots = new Slot[groups * Ways];
        _groupMask = groups - 1;
        _locks = new object[Math.Min(groups, MaxLocks)];
        for (var i = 0; i < _locks.Length; i++)
        {
            _locks[i] = new object();
        }
    }

    /// <summary>How many windows the table holds (<see cref="RateLimitOptions.MaxTrackedGuests"/> rounded up to whole groups).</summary>
    public int Capacity => _slots.Length;

    /// <summary>Guests whose window has not ended (for tests and diagnostics; scans the table).</summary>
    public int TrackedGuests
    {
        get
        {
            var now = _timeProvider.GetUtcNow().UtcTicks;
            var live = 0;
            for (var group = 0; group <= _groupMask; group++)
            {
                lock (LockOf(group))
                {
                    foreach (var slot in _slots.AsSpan(group * Ways, Ways))
                    {
                        live += slot.Hash != 0 && now - slot.StartTicks < _windowTicks ? 1 : 0;
                    }
                }
            }

            return live;
        }
    }

    /// <summary>Windows given up before they ended because their group was full (for tests and diagnostics).</summary>
    public long ForgottenEarly => Interlocked.Read(ref _forgotten);

    /// <summary>Null when the post may go on; otherwise how long the guest must wait.</summary>
    public TimeSpan? TryAcquire(string guestId)
    {
        ArgumentNullException.ThrowIfNull(guestId);
        var now = _timeProvider.GetUtcNow().UtcTicks;
        var hash = Hash(guestId);
        var group = (int)hash & _groupMask;
        lock (LockOf(group))
        {
            var slots = _slots.AsSpan(group * Ways, Ways);
            var victim = 0;
            var victimStart = long.MaxValue;
            for (var i = 0; i < slots.Length; i++)
            {
                ref var slot = ref slots[i];
                var ended = now - slot.StartTicks >= _windowTicks;
                if (slot.Hash == hash)
                {
                    if (ended)
                    {
                        slot.StartTicks = now;
                        slot.Count = 0;
                    }

                    if (slot.Count < _permitLimit)
                    {
                        slot.Count++;
                        return null;
                    }

                    return TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, slot.StartTicks + _windowTicks - now));
                }

                // Where a new guest goes: an empty or ended slot first, else the oldest window of the group.
                var start = slot.Hash == 0 || ended ? long.MinValue : slot.StartTicks;
                if (start < victimStart)
                {
                    victimStart = start;
                    victim = i;
                }
            }

            if (victimStart != long.MinValue)
            {
                Interlocked.Increment(ref _forgotten);
            }

            slots[victim] = new Slot { Hash = hash, StartTicks = now, Count = 1 };
            return null; // PermitLimit is at least 1 (validated)
        }
    }

    private object LockOf(int group) => _locks[group & (_locks.Length - 1)];

    /// <summary>A 64-bit id hash, never 0 (an empty slot): Marvin (string's) and xxHash32 (HashCode's), each randomly seeded.</summary>
    private static ulong Hash(string guestId)
    {
        var xx = new HashCode();
        xx.AddBytes(MemoryMarshal.AsBytes(guestId.AsSpan()));
        var hash = ((ulong)(uint)string.GetHashCode(guestId.AsSpan()) << 32) | (uint)xx.ToHashCode();
        return hash == 0 ? 1 : hash;
    }

    private struct Slot
    {
        public ulong Hash;
        public long StartTicks;
        public int Count;
    }
}
