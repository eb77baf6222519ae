using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace GuestSync.Gateway.Configuration;

/// <summary>
/// Raises a reload of <typeparamref name="TOptions"/> when the content of a file its settings name changes, however
/// it changed: rewritten in place, renamed over (an editor's save), or swapped through symlinks (a Kubernetes secret or
/// ConfigMap volume renames a new <c>..data</c> link over the old one and never writes the file itself, so a file
/// watcher on the file sees nothing). Every interval it resolves the paths from the configuration, reads each file
/// through its links and compares a SHA-256 of the paths and contents with the previous one. No watcher (no inotify
/// instance), no file I/O on the request path; time comes from <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// The first fingerprint is taken when the poller is built, which is before the section's value is first built
/// (<see cref="ReloadableSettings{TOptions, TValue}"/> takes its change-token sources in its constructor), so a change
/// made in between raises one (harmless) reload rather than being missed. A file that cannot be read changes the
/// fingerprint too: the reload is then rejected, logged once, and the last good value stays in force.
/// </remarks>
internal sealed partial class FileContentPoller<TOptions> : IOptionsChangeTokenSource<TOptions>, IDisposable
    where TOptions : class
{
    private readonly Func<IEnumerable<string>> _paths;
    private readonly ILogger _logger;
    private readonly string _section;
    private readonly ITimer _timer;
    private readonly Lock _pollLock = new();
    private CancellationTokenSource _changed = new();
    private byte[] _fingerprint;

    /// <param name="paths">The files to watch, read from the configuration at every poll (a reload may name others).</param>
    public FileContentPoller(string section, Func<IEnumerable<string>> paths, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _section = section ?? throw new ArgumentNullException(nameof(section));
        _paths = paths ?? throw new ArgumentNullException(nameof(paths));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _fingerprint = Fingerprint();
        _timer = time.CreateTimer(_ => Poll(), null, interval, interval);
    }

    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public void Dispose() => _timer.Dispose();

    /// <summary>Compares the files with the last poll and raises the change when they differ.</summary>
    internal void Poll()
    {
        // A slow disk must not stack polls: one at a time, a tick that finds one running is skipped.
        if (!_pollLock.TryEnter())
        {
            return;
        }

        try
        {
            var fingerprint = Fingerprint();
            if (CryptographicOperations.FixedTimeEquals(fingerprint, _fingerprint))
            {
                return;
            }

            _fingerprint = fingerprint;
            Log.Changed(_logger, _section);
            // Not disposed: a reader may still register on the old token, which then fires at once.
            Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
        }
        catch (AggregateException ex)
        {
            // A listener failed (the last good value is kept by ReloadableSettings, which logs its own rejection); a
            // timer callback must not throw. Only the types: a listener's message is not ours to print.
            Log.ListenerFailed(_logger, _section, string.Join(", ", ex.Flatten().InnerExceptions.Select(inner => inner.GetType().Name)));
        }
        finally
        {
            _pollLock.Exit();
        }
    }

    private byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in _paths().Where(path => !string.IsNullOrWhiteSpace(path)).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            hash.AppendData(ContentHash(path));
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The SHA-256 of the file's content, read through every link; for a file that cannot be read, the reason.</summary>
    private static byte[] ContentHash(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            return SHA256.HashData(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Encoding.UTF8.GetBytes("unreadable:" + ex.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "A file named by the {Section} settings changed; reloading them")]
        public static partial void Changed(ILogger logger, string section);

        [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Reloading the {Section} settings after a file change failed in a listener ({Failures})")]
        public static partial void ListenerFailed(ILogger logger, string section, string failures);
    }
}
