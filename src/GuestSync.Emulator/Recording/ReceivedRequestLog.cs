using GuestSync.Emulator.Configuration;

namespace GuestSync.Emulator.Recording;

/// <summary>
/// The last <see cref="EmulatorOptions.ReceivedRequestCapacity"/> requests, in a lock-free ring: recording is one
/// interlocked increment and one slot write, so it stays O(1) under load. Snapshots sort by arrival.
/// </summary>
internal sealed class ReceivedRequestLog
{
    private readonly Entry?[] _slots;
    private long _sequence;
    private long _clearedThrough;

    public ReceivedRequestLog(EmulatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _slots = new Entry?[settings.ReceivedRequestCapacity];
    }

    /// <summary>False when recording is off (capacity 0); callers then skip building the record.</summary>
    public bool IsEnabled => _slots.Length > 0;

    public void Add(ReceivedRequest request)
    {
        if (!IsEnabled)
        {
            return;
        }

        var sequence = Interlocked.Increment(ref _sequence);
        Volatile.Write(ref _slots[(sequence - 1) % _slots.Length], new Entry(sequence, request));
    }

    /// <summary>The kept requests, oldest first.</summary>
    public IReadOnlyList<ReceivedRequest> Snapshot()
    {
        var clearedThrough = Interlocked.Read(ref _clearedThrough);
        var entries = new List<Entry>(_slots.Length);
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is { } entry && entry.Sequence > clearedThrough)
            {
                entries.Add(entry);
            }
        }

        entries.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return entries.ConvertAll(entry => entry.Request);
    }

    /// <summary>Forgets everything recorded so far; requests recorded concurrently may survive.</summary>
    public void Clear()
    {
        var clearedThrough = Interlocked.Read(ref _sequence);
        long previous;
        do
        {
            previous = Interlocked.Read(ref _clearedThrough);
        }
        while (previous < clearedThrough && Interlocked.CompareExchange(ref _clearedThrough, clearedThrough, previous) != previous);

        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is { } entry && entry.Sequence <= clearedThrough)
            {
                Interlocked.CompareExchange(ref _slots[i], null, entry);
            }
        }
    }

    private sealed record Entry(long Sequence, ReceivedRequest Request);
}
