using GuestSync.Gateway.Genesys.Tokens;
using Microsoft.Extensions.Http.Resilience;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Polly;

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

        // The token endpoint gets a short retry of its own; the cached token keeps serving meanwhile.
        services.AddHttpClient(GenesysTokenClient.HttpClientName)
            .AddResilienceHandler("genesys-token", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(500),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            }));

        var otel = services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(GatewayMetrics.MeterName));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return services;
    }
}
