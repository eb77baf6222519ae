using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Holds the current <see cref="KeyRing"/> and rebuilds it on every configuration reload of
/// <see cref="EncryptionOptions"/>, re-reading <see cref="EncryptionOptions.KeySetFile"/>. An invalid reload
/// keeps the previous ring and logs a warning naming the problems (never key material).
/// </summary>
/// <remarks>
/// It listens to the options' change token sources and builds options through <see cref="IOptionsFactory{TOptions}"/>
/// itself, rather than through <see cref="IOptionsMonitor{TOptions}.OnChange"/>: the monitor throws the
/// validation failure out of the reload and never calls its listeners, so it could not keep the old ring.
/// </remarks>
internal sealed partial class KeyRingProvider : IKeyRingProvider, IDisposable
{
    private readonly IOptionsFactory<EncryptionOptions> _optionsFactory;
    private readonly ILogger<KeyRingProvider> _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _reloadLock = new();
    private volatile KeyRing _current;

    public KeyRingProvider(
        IOptionsFactory<EncryptionOptions> optionsFactory,
        IEnumerable<IOptionsChangeTokenSource<EncryptionOptions>> changeTokenSources,
        ILogger<KeyRingProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(optionsFactory);
        ArgumentNullException.ThrowIfNull(changeTokenSources);
        ArgumentNullException.ThrowIfNull(logger);
        _optionsFactory = optionsFactory;
        _logger = logger;

        // Throws OptionsValidationException listing every problem, as ValidateOnStart would.
        var options = optionsFactory.Create(Options.DefaultName);
        _current = KeySetLoader.TryLoad(options, out var errors)
            ?? throw new OptionsValidationException(Options.DefaultName, typeof(EncryptionOptions), errors);
        Log.KeyRingLoaded(_logger, _current.ActiveKey.KeyId, _current.KeyIds.Count);

        foreach (var source in changeTokenSources.Where(source => (source.Name ?? Options.DefaultName) == Options.DefaultName))
        {
            _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, Reload));
        }
    }

    public KeyRing Current => _current;

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void Reload()
    {
        lock (_reloadLock)
        {
            IReadOnlyList<string> errors;
            try
            {
                var options = _optionsFactory.Create(Options.DefaultName);
                if (KeySetLoader.TryLoad(options, out errors) is { } ring)
                {
                    _current = ring;
                    Log.KeyRingLoaded(_logger, ring.ActiveKey.KeyId, ring.KeyIds.Count);
                    return;
                }
            }
            catch (OptionsValidationException ex)
            {
                errors = ex.Failures.ToList();
            }

            Log.ReloadRejected(_logger, _current.ActiveKey.KeyId, string.Join(" ", errors));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information,
            Message = "Encryption key set loaded: active key {ActiveKeyId}, {KeyCount} key(s).")]
        public static partial void KeyRingLoaded(ILogger logger, string activeKeyId, int keyCount);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
            Message = "Encryption key set reload rejected; still encrypting with key {ActiveKeyId}. {Problems}")]
        public static partial void ReloadRejected(ILogger logger, string activeKeyId, string problems);
    }
}
