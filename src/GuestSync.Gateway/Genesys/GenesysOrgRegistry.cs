using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The organizations in force. Rebuilt when settings reload; a reload with errors keeps the previous
/// organizations and logs what is wrong (never a secret).
/// </summary>
internal sealed partial class GenesysOrgRegistry : IDisposable
{
    private readonly ILogger<GenesysOrgRegistry> _logger;
    private readonly IDisposable? _subscription;
    private volatile FrozenDictionary<string, GenesysOrg> _orgs;

    public GenesysOrgRegistry(IOptionsMonitor<GenesysOptions> options, ILogger<GenesysOrgRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _orgs = Resolve(options.CurrentValue, out _);
        _subscription = options.OnChange(Reload);
    }

    public bool TryGet(string name, [NotNullWhen(true)] out GenesysOrg? org) => _orgs.TryGetValue(name, out org);

    public IEnumerable<string> Names => _orgs.Keys;

    public void Dispose() => _subscription?.Dispose();

    private void Reload(GenesysOptions options)
    {
        var orgs = Resolve(options, out var errors);
        if (errors.Count > 0)
        {
            Log.ReloadRejected(_logger, string.Join(" ", errors));
            return;
        }

        _orgs = orgs;
    }

    private static FrozenDictionary<string, GenesysOrg> Resolve(GenesysOptions options, out List<string> errors)
    {
        errors = [];
        var orgs = new Dictionary<string, GenesysOrg>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, orgOptions) in options.AllOrgs())
        {
            if (GenesysOrgResolver.TryResolve(name, orgOptions, out var org, errors))
            {
                orgs[name] = org;
            }
        }

        return orgs.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Genesys settings reload rejected, the previous organizations stay in force: {Errors}")]
        public static partial void ReloadRejected(ILogger logger, string errors);
    }
}
