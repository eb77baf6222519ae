using GuestSync.Gateway.Health;
using OpenTelemetry.Metrics;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// An optional Prometheus scrape endpoint. <c>Metrics:Prometheus:Enabled</c> (default false) serves the meter
/// <c>GuestSync.Gateway</c> at <c>Metrics:Prometheus:Path</c> (default <c>/metrics</c>) on the gateway's own port, but only
/// to a request carrying <c>Authorization: Bearer &lt;Health:OperatorKey&gt;</c>; anyone else gets the 404 of an unknown
/// path. So it needs the operator key set: enabling it without one fails the start. The tags name organizations and key
/// ids, hence the key; the OTLP collector way (README, Observability) needs no endpoint at all.
/// </summary>
internal static class MetricsScrape
{
    public const string EnabledSetting = "Metrics:Prometheus:Enabled";
    public const string PathSetting = "Metrics:Prometheus:Path";
    public const string DefaultPath = "/metrics";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(EnabledSetting);

    /// <summary>Adds the exporter when enabled; a setting that cannot work is listed with the start's other problems.</summary>
    public static WebApplicationBuilder AddGatewayMetricsScrape(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (!bool.TryParse(configuration[EnabledSetting] ?? "false", out var enabled))
        {
            GatewayStartProblems.For(builder).Problems.Add($"{EnabledSetting} must be true or false.");
            return builder;
        }

        if (!enabled)
        {
            return builder;
        }

        var path = configuration[PathSetting] ?? DefaultPath;
        if (!path.StartsWith('/') || path.Length < 2 || path.Contains('?', StringComparison.Ordinal))
        {
            GatewayStartProblems.For(builder).Problems.Add($"{PathSetting} must be a path such as /metrics.");
        }

        var health = configuration.GetSection(HealthOptions.SectionName);
        if (string.IsNullOrWhiteSpace(health[nameof(HealthOptions.OperatorKey)]) && string.IsNullOrWhiteSpace(health[nameof(HealthOptions.OperatorKeyFile)]))
        {
            GatewayStartProblems.For(builder).Problems.Add(
                $"{EnabledSetting} needs Health:OperatorKey (or Health:OperatorKeyFile): the scrape is answered only with it as a bearer token.");
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapGatewayMetricsScrape(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }

        var access = app.Services.GetRequiredService<ReadinessAccess>();
        app.MapPrometheusScrapingEndpoint(app.Configuration[PathSetting] ?? DefaultPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
        {
            if (access.IsOperator(context.Request))
            {
                context.Response.Headers.CacheControl = "no-store";
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }), optionsName: null);
        return app;
    }
}
