using GuestSync.Gateway.Genesys.Resilience;

namespace GuestSync.Gateway.Genesys;

/// <summary>How the gateway reaches one Genesys Cloud organization.</summary>
internal class GenesysOrgOptions
{
    /// <summary>
    /// The region, e.g. <c>eu-west-1</c> or <c>eu_west_1</c>. Decides the API and login hosts unless
    /// <see cref="ApiBaseUrl"/> and <see cref="LoginBaseUrl"/> override them. Default: none.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>The OAuth client id of a client-credentials client. Default: none (sandbox mode).</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret. Prefer <see cref="ClientSecretFile"/> in containers. Default: none.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A file holding the client secret (a mounted container or Kubernetes secret). Default: none.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Overrides the API host derived from <see cref="Region"/>, e.g. for an emulator. Default: none.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Overrides the login (OAuth) host derived from <see cref="Region"/>. Default: none.</summary>
    public string? LoginBaseUrl { get; set; }

    /// <summary>
    /// How long before a token expires the gateway fetches a new one; at most half the token's lifetime
    /// is used. Default: 5 minutes.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one token request may take before it counts as failed. Default: 10 seconds.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After a failed token request, how long the gateway keeps answering from a still-valid token (or
    /// with 503) before it asks the token endpoint again. Also the <c>Retry-After</c> sent to browsers
    /// when no token can be had. Default: 5 seconds.
    /// </summary>
    public TimeSpan TokenFailureBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries, budget, throttle and circuit breaker for this organization. Defaults: see <see cref="GenesysResilienceOptions"/>.</summary>
    public GenesysResilienceOptions Resilience { get; set; } = new();
}
