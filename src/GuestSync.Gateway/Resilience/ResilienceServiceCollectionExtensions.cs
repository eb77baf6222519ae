using GuestSync.Gateway.Genesys.Tokens;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GuestSync.Gateway.Resilience;

/// <summary>Registers the per-organization pipelines, the token endpoint's own retry, and the gateway's metrics.</summary>
internal static class ResilienceServiceCollectionExtensions
{
    public static IServiceCollection AddGenesysResilience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GenesysResiliencePipelineFactory>();
        services.AddSingleton<GenesysResilienceRegistry>();

        services.AddHttpClient(GenesysTokenClient.HttpClientName);

        var otel = services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(GatewayMetrics.MeterName));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return services;
    }
}
