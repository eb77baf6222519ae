using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace GuestSync.Gateway.Configuration;

/// <summary>
/// The last good value of one reloadable section. Built at start (an invalid section fails the start, listing every
/// error) and rebuilt on every configuration reload: a valid reload applies at once, an invalid one is logged once,
/// naming the section and each setting to change, and the last good value stays in force.
/// </summary>
/// <remarks>
/// Built from the options' change-token sources and <see cref="IOptionsFactory{TOptions}"/> directly, never through
/// <see cref="IOptionsMonitor{TOptions}"/>: the monitor throws an invalid reload's validation failure at every reader
/// until the settings are fixed.
/// </remarks>
internal sealed partial class ReloadableSettings<TOptions, TValue> : IDisposable
    where TOptions : class
    where TValue : class
{
    private readonly IOptionsFactory<TOptions> _factory;
    private readonly ISettingsCompiler<TOptions, TValue> _compiler;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _reloadLock = new();
    private volatile TValue _current;
    private string? _lastRejection;

    public ReloadableSettings(
        IOptionsFactory<TOptions> factory,
        IEnumerable<IOptionsChangeTokenSource<TOptions>> changeTokenSources,
        ISettingsCompiler<TOptions, TValue> compiler,
        ILogger<ReloadableSettings<TOptions, TValue>> logger)
    {
        ArgumentNullException.ThrowIfNull(changeTokenSources);
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _compiler = compiler ?? throw new ArgumentNullException(nameof(compiler));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _current = TryCompile(out var errors)
            ?? throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), errors);

        foreach (var source in changeTokenSources.Where(source => (source.Name ?? Options.DefaultName) == Options.DefaultName))
        {
            _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, Reload));
        }
    }

    /// <summary>The value in force; read it once per request so one request never mixes two versions.</summary>
    public TValue Current => _current;

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
            if (TryCompile(out var errors) is { } value)
            {
                _current = value;
                _lastRejection = null;
                Log.Applied(_logger, _compiler.Section, _compiler.Describe(value));
                return;
            }

            // One edit can raise more than one change (a file written in two steps): report each rejection once.
            var problems = string.Join(" ", errors);
            if (!string.Equals(problems, _lastRejection, StringComparison.Ordinal))
            {
                _lastRejection = problems;
                Log.Rejected(_logger, _compiler.Section, _compiler.Describe(_current), problems);
            }
        }
    }

    private TValue? TryCompile(out List<string> errors)
    {
        errors = [];
        try
        {
            var value = _compiler.Compile(_factory.Create(Options.DefaultName), errors);
            return errors.Count == 0 ? value : null;
        }
        catch (OptionsValidationException ex)
        {
            errors.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // The binder could not convert a value; its message names the setting's path and type, not the value.
            errors.Add(ex.Message);
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Section} settings applied: {InForce}")]
        public static partial void Applied(ILogger logger, string section, string inForce);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{Section} settings reload rejected; the last good settings stay in force, still {InForce}. {Problems}")]
        public static partial void Rejected(ILogger logger, string section, string inForce, string problems);
    }
}
