using System.Text;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// The settings overview that <c>--help</c> prints instead of starting the gateway: each setting as <c>Section:Key</c>
/// with its environment-variable spelling, its default and its meaning. The annotated file
/// <c>deploy/appsettings.Production.example.json</c> holds the same settings; a test keeps the two in step.
/// </summary>
internal static class GatewaySettingsOverview
{
    /// <summary>The verbs that print the overview.</summary>
    public static readonly string[] Verbs = ["--help", "-h", "-?", "help"];

    /// <summary>(setting, default, meaning); a setting ending in <c>:*</c> stands for every key under it.</summary>
    public static readonly (string Setting, string Default, string Meaning)[] Settings =
    [
        ("Urls", "http://localhost:5080", "where the gateway listens (ASPNETCORE_URLS, --urls; ASPNETCORE_HTTP_PORTS in the container)"),
        ("ProxyConfigPath", "proxy.json in the working directory, else beside the binaries", "the route file (its ReverseProxy section only; reloaded on change)"),
        ("Genesys:Region", "(required)", "region of the default organization, e.g. eu_west_1 or eu-west-1"),
        ("Genesys:ClientId", "(required)", "the OAuth client-credentials client"),
        ("Genesys:ClientSecret", "(required, or …File)", "its secret; Genesys:ClientSecretFile reads it from a file"),
        ("Genesys:ClientSecretFile", "", "a file holding the client secret (content polled like Encryption:KeySetFile: a secret swap reloads it)"),
        ("Genesys:ApiBaseUrl", "from the region", "override the API host (e.g. the emulator)"),
        ("Genesys:LoginBaseUrl", "from the region", "override the login host"),
        ("Genesys:TokenRefreshMargin", "00:05:00", "fetch a new token this long before expiry"),
        ("Genesys:TokenRequestTimeout", "00:00:10", "one token request, its retries included"),
        ("Genesys:TokenFailureBackoff", "00:00:05", "after a failed token request"),
        ("Genesys:Resilience:*", "see README, Resilience", "TotalBudget, AttemptTimeout, MaxAttempts, BaseDelay, MaxDelay, RequestsPerMinute, ThrottleQueueLimit, Breaker*"),
        ("Genesys:Orgs:*", "", "more organizations (Genesys:Orgs:<name>:Region, …), picked by a cluster's GenesysOrg metadata"),
        ("Encryption:KeySet", "(required, or …File)", "a JWKS of 256-bit oct keys"),
        ("Encryption:KeySetFile", "", "a file holding the JWKS (content polled, symlinks followed: a secret swap reloads it)"),
        ("Encryption:KeySetPollInterval", "00:00:05", "how often the content of every polled secret file (key set, client secrets, binding keys) is checked"),
        ("Encryption:ActiveKeyId", "(required, or the set's \"active\")", "the kid that encrypts; wins over the set's \"active\""),
        ("Encryption:KeyUsageWarningAt", "268435456", "values per key before a rotation warning"),
        ("Profiles:*", "built-in default", "site kinds: fields, dialect, envelope, SuccessUrl, ErrorUrl, Binding:*, AllowedOrigins (README, Profiles)"),
        ("Security:RateLimits:*", "60/min per client, 10/min per guest, 64 concurrent", "abuse limits"),
        ("Security:ForwardedHeaders:*", "none trusted", "KnownProxies, KnownNetworks, ForwardLimit"),
        ("Security:Redaction:*", "a key per process", "GuestIdHashKey(File): the key that hashes guest ids in logs"),
        ("Health:OperatorKey", "(none: summary only)", "bearer key for the operator's /readyz detail; or Health:OperatorKeyFile"),
        ("Health:OperatorKeyFile", "", "a file holding the operator key"),
        ("Store:Provider", "Sqlite", "or Postgres (a fleet)"),
        ("ConnectionStrings:GuestSync", "Data Source=<GUESTSYNC_DATA>/guestsync.db", "the store"),
        ("Delivery:*", "see README, the outbox", "MaxWait, MaxAge, MaxPending, Concurrency, PollInterval, LeaseDuration, RetryBaseDelay, RetryMaxDelay, EnrichBatchSize"),
        ("Fleet:*", "see README, a fleet", "Replicas, StoreTimeout, RetryInterval, InFlightLease"),
        ("Idempotency:*", "see README, idempotency keys", "Retention, Lease, SweepInterval, InProgressRetryAfter, FingerprintKey(File)"),
        ("Demo:*", "on in the sandbox", "Enabled, FormAction"),
        ("Logging:Format", "text", "json: one JSON object per log line, with scopes (TraceId, SpanId, RequestPath)"),
        ("Logging:*", "Information", "log levels (Logging:LogLevel:<category>)"),
        ("Metrics:Prometheus:Enabled", "false", "a Prometheus scrape endpoint, answered only with the operator key (Health:OperatorKey) as bearer"),
        ("Metrics:Prometheus:Path", "/metrics", "its path"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "(none: nothing exported)", "an OTLP collector for the metrics and traces (README, Observability)"),
    ];

    public static string Text()
    {
        var text = new StringBuilder();
        text.AppendLine("GuestSync gateway: keeps Genesys Cloud guest profiles in sync with website forms.");
        text.AppendLine();
        text.AppendLine("Usage: dotnet GuestSync.Gateway.dll [--Section:Key=value ...]     run the gateway");
        text.AppendLine("       dotnet GuestSync.Gateway.dll outbox dead-letters|requeue|purge   operator commands");
        text.AppendLine("       dotnet GuestSync.Gateway.dll healthcheck [url]               exit 0 when /healthz answers 200");
        text.AppendLine("       dotnet GuestSync.Gateway.dll --help                          this overview");
        text.AppendLine();
        text.AppendLine("With no Genesys credentials outside Production it runs as a sandbox (a local emulator). Settings come from");
        text.AppendLine("appsettings.json, appsettings.<Environment>.json, environment variables (Section__Key) and --Section:Key=value.");
        text.AppendLine("An annotated production file: deploy/appsettings.Production.example.json. Secrets belong in …File settings.");
        text.AppendLine();
        foreach (var (setting, defaultValue, meaning) in Settings)
        {
            text.Append("  ").Append(setting);
            if (setting.Contains(':', StringComparison.Ordinal))
            {
                text.Append("  (").Append(GatewayStartCheck.EnvironmentName(setting)).Append(')');
            }

            text.AppendLine();
            text.Append("      ").Append(meaning);
            if (defaultValue.Length > 0)
            {
                text.Append("; default ").Append(defaultValue);
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
