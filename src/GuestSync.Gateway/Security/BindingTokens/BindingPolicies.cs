using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.BindingTokens;

/// <summary>Each profile's resolved <see cref="BindingPolicy"/>, built once per configuration (files read once) and rebuilt on reload.</summary>
internal sealed class BindingPolicies
{
    private readonly IOptionsMonitor<GatewaySecurityProfilesOptions> _options;
    private readonly bool _requiredByDefault;
    private ConcurrentDictionary<string, BindingPolicy> _cache = new(StringComparer.OrdinalIgnoreCase);

    public BindingPolicies(IOptionsMonitor<GatewaySecurityProfilesOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _requiredByDefault = RequiredByDefault(environment);
        _options.OnChange(_ => _cache = new(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Binding is on by default everywhere except the Development and Testing environments.</summary>
    public static bool RequiredByDefault(IHostEnvironment environment) =>
        !(environment.IsDevelopment() || environment.IsEnvironment("Testing"));

    public BindingPolicy Get(string profileName) =>
        _cache.GetOrAdd(profileName, name =>
        {
            // Invalid settings were refused at start (and a failed reload keeps the last good options), so errors are empty here.
            var errors = new List<string>();
            return BindingPolicyBuilder.Build(Prefix(name), _options.CurrentValue.Get(name).Binding, _requiredByDefault, errors);
        });

    public static string Prefix(string profileName) => $"Profiles:{profileName}:Binding";
}
