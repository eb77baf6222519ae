using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// Registers the gateway's metrics, and with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set exports them and the traces
/// (<see cref="GatewayTracing"/>) over OTLP. Without an endpoint no tracer provider exists: no span is recorded.
/// </summary>
internal static class GatewayMetricsServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        var otel = services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(GatewayMetrics.MeterName));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            services.AddGatewayTracing(export: _ => { });
            otel.UseOtlpExporter();
        }

        return services;
    }
}
