using System.Numerics;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>What <see cref="WindowTable.TryAcquire"/> decided.</summary>
internal enum WindowDecision
{
    /// <summary>Counted in the key's window (and, when the caller holds requests open, one more in flight).</summary>
    Acquired,

    /// <summary>The key's window is full until the wait it gave.</summary>
    WindowFull,

    /// <summary>The key already has as many requests open as it may; nothing was counted.</summary>
    Busy,
}

/// <summary>
/// Fixed windows (posts per window, and optionally requests open at once) for an unbounded set of keys — guests,
/// client addresses — in a table whose memory is fixed at start: memory does not grow with the number of keys.
/// </summary>
/// <remarks>
/// <para>
/// The table holds <c>capacity</c> windows of 24 bytes in groups of <see cref="Ways"/>; a key's window lives in the group
/// its key hashes to (the group hash is seeded at random per process, so an outsider cannot aim keys at one group). A new
/// key takes an ended slot of its group, else the slot of the group's oldest window with nothing open, else the oldest:
/// that key starts a fresh window on its next request (it is forgotten early, never refused wrongly), and a release for
/// a window that was given away is ignored.
/// </para>
/// <para>
/// Written by hand rather than with <c>PartitionedRateLimiter</c>: that one keeps a limiter object per partition in a
/// dictionary behind one lock and scans every partition on a 100 ms heartbeat; with a partition per guest it cost +28 µs CPU
/// per request, and a dictionary of windows grew with the distinct keys of the last window (+31 MB RSS from 100 k to 1 M
/// distinct guests in <c>bench/soak.sh</c>).
/// </para>
/// </remarks>
internal sealed class WindowTable
{
    /// <summary>Slots per group: a new key may take any of them.</summary>
    public const int Ways = 8;

    private const int MaxLocks = 1024;

    private readonly Slot[] _slots;
    private readonly object[] _locks;
    private readonly int _groupMask;
    private readonly int _permitLimit;
    private readonly long _windowTicks;
    private readonly TimeProvider _timeProvider;
    private long _forgotten;

    /// <param name="capacity">Windows held at once, rounded up to a power of two of at least one group.</param>
    public WindowTable(int capacity, int permitLimit, TimeSpan window, TimeProvider timeProvider)
    {
        _permitLimit = permitLimit;
        _windowTicks = window.Ticks;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        var groups = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (capacity + Ways - 1) / Ways));
        _slots = new Slot[groups * Ways];
        _groupMask = groups - 1;
        _locks = new object[Math.Min(groups, MaxLocks)];
        for (var i = 0; i < _locks.Length; i++)
        {
            _locks[i] = new object();
        }
    }

    /// <summary>How many windows the table holds.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Keys whose window has not ended (for tests and diagnostics; scans the table).</summary>
    public int LiveWindows
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
                        live += slot.StartTicks != 0 && now - slot.StartTicks < _windowTicks ? 1 : 0;
                    }
                }
            }

            return live;
        }
    }

    /// <summary>Windows given up before they ended because their group was full (for tests and diagnostics).</summary>
    public long ForgottenEarly => Interlocked.Read(ref _forgotten);

    /// <summary>
    /// Counts a request of <paramref name="key"/> in its window. With <paramref name="maxInFlight"/> above 0 the request
    /// is also held open until <see cref="Release"/> with the <paramref name="slot"/> given here, and refused as
    /// <see cref="WindowDecision.Busy"/> (uncounted) when the key has that many open.
    /// </summary>
    public WindowDecision TryAcquire(ulong key, int maxInFlight, out int slot, out TimeSpan retryAfter)
    {
        var now = _timeProvider.GetUtcNow().UtcTicks;
        var group = GroupOf(key);
        retryAfter = TimeSpan.Zero;
        lock (LockOf(group))
        {
            var slots = _slots.AsSpan(group * Ways, Ways);
            var victim = -1;
            var victimRank = (Open: true, Start: long.MaxValue);
            for (var i = 0; i < slots.Length; i++)
            {
                ref var candidate = ref slots[i];
                var ended = now - candidate.StartTicks >= _windowTicks;
                if (candidate.Key == key && candidate.StartTicks != 0)
                {
                    slot = group * Ways + i;
                    if (ended)
                    {
                        candidate.StartTicks = now;
                        candidate.Count = 0;
                    }

                    if (candidate.Count >= _permitLimit)
                    {
                        retryAfter = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, candidate.StartTicks + _windowTicks - now));
                        return WindowDecision.WindowFull;
                    }

                    if (maxInFlight > 0)
                    {
                        if (candidate.InFlight >= maxInFlight)
                        {
                            return WindowDecision.Busy;
                        }

                        candidate.InFlight++;
                    }

                    candidate.Count++;
                    return WindowDecision.Acquired;
                }

                // Where a new key goes: an ended slot with nothing open first, else the oldest window with nothing open,
                // else the oldest window.
                var rank = (Open: candidate.InFlight > 0, Start: ended ? long.MinValue : candidate.StartTicks);
                if (victim < 0 || IsBetterVictim(rank, victimRank))
                {
                    victimRank = rank;
                    victim = i;
                }
            }

            if (victimRank.Start != long.MinValue || victimRank.Open)
            {
                Interlocked.Increment(ref _forgotten);
            }

            slots[victim] = new Slot { Key = key, StartTicks = now, Count = 1, InFlight = maxInFlight > 0 ? 1 : 0 };
            slot = group * Ways + victim;
            return WindowDecision.Acquired; // a permit limit is at least 1 (validated)
        }
    }

    /// <summary>Ends a request held open by <see cref="TryAcquire"/>; ignored when its window has since been given away.</summary>
    public void Release(ulong key, int slot)
    {
        lock (LockOf(slot / Ways))
        {
            ref var held = ref _slots[slot];
            if (held.Key == key && held.InFlight > 0)
            {
                held.InFlight--;
            }
        }
    }

    private static bool IsBetterVictim((bool Open, long Start) candidate, (bool Open, long Start) best) =>
        candidate.Open != best.Open ? !candidate.Open : candidate.Start < best.Start;

    private int GroupOf(ulong key) => HashCode.Combine(key) & _groupMask;

    private object LockOf(int group) => _locks[group & (_locks.Length - 1)];

    private struct Slot
    {
        public ulong Key;
        public long StartTicks;
        public int Count;
        public int InFlight;
    }
}
