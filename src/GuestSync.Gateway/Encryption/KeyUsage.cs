using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GuestSync.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Counts the values encrypted with each key, so rotation happens long before the random-nonce limit of AES-GCM
/// (2^32 encryptions per key, NIST SP 800-38D §8.3): the metric <c>guestsync.encryption.values</c> (by <c>kid</c>), a
/// warning at <see cref="EncryptionOptions.KeyUsageWarningAt"/> and each multiple, and the counts in the operator's
/// view of <c>/readyz</c>. Counts are per process since start; the metric summed over instances is the fleet's total.
/// </summary>
internal sealed partial class KeyUsage
{
    private readonly ConcurrentDictionary<string, Counter> _counts = new(StringComparer.Ordinal);
    private readonly Counter<long> _values;
    private readonly long _warningAt;
    private readonly ILogger<KeyUsage> _logger;

    // The active key's counter, found without a dictionary lookup: every value of every request uses the same key.
    private KeyCounter? _last;

    public KeyUsage(IOptions<EncryptionOptions> options, IMeterFactory meterFactory, ILogger<KeyUsage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _warningAt = options.Value.KeyUsageWarningAt;
        _values = meterFactory.Create(GatewayMetrics.MeterName).CreateCounter<long>("guestsync.encryption.values", description: "Values encrypted, by key id (kid).");
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The threshold of the warning.</summary>
    public long WarningAt => _warningAt;

    /// <summary>Values encrypted per key id in this process.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Value), StringComparer.Ordinal);

    /// <summary>Counts one value encrypted with <paramref name="key"/>.</summary>
    public void Record(EncryptionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var last = _last;
        if (last is null || !ReferenceEquals(last.Key, key))
        {
            _last = last = new KeyCounter(key, _counts.GetOrAdd(key.KeyId, static _ => new Counter()));
        }

        var count = Interlocked.Increment(ref last.Counter.Value);
        _values.Add(1, last.Tag);
        if (count % _warningAt == 0)
        {
            Log.RotateSoon(_logger, key.KeyId, count);
        }
    }

    private sealed class Counter
    {
        public long Value;
    }

    /// <summary>A key with its counter (shared with every key object of the same kid, as a reload makes new ones) and metric tag.</summary>
    private sealed class KeyCounter(EncryptionKey key, Counter counter)
    {
        public EncryptionKey Key { get; } = key;

        public Counter Counter { get; } = counter;

        public KeyValuePair<string, object?> Tag { get; } = new("kid", key.KeyId);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Encryption key {KeyId} has encrypted {Count} values in this process; rotate it (add a new key, switch Encryption:ActiveKeyId) well before 2^32 uses, the AES-GCM random-nonce limit")]
        public static partial void RotateSoon(ILogger logger, string keyId, long count);
    }
}
