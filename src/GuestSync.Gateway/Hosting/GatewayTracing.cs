using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// The gateway's traces: ASP.NET Core's request span, YARP's <c>proxy.forwarder</c> span, one client span per HTTP attempt
/// to Genesys and to the login host, and the gateway's own spans (<see cref="SourceName"/>: token request, outbox
/// enqueue and delivery). Registered only when they go somewhere (an OTLP endpoint, see
/// <see cref="GatewayMetricsServiceCollectionExtensions"/>): otherwise no listener exists and a request pays nothing for tracing.
/// No trace header is ever sent upstream, traced or not (<see cref="EdgeTraceContext"/>).
/// </summary>
internal static class GatewayTracing
{
    /// <summary>The gateway's own <see cref="ActivitySource"/>.</summary>
    public const string SourceName = "GuestSync.Gateway";

    /// <summary>YARP's own source (its <c>proxy.forwarder</c> span per forwarded request).</summary>
    public const string YarpSourceName = "Yarp.ReverseProxy";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Turns tracing on: the sources above in the host's tracer provider, with <paramref name="export"/> adding where the
    /// spans go (OTLP in production, an in-memory exporter in tests).
    /// </summary>
    public static IServiceCollection AddGatewayTracing(this IServiceCollection services, Action<TracerProviderBuilder> export)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(export);

        // OpenTelemetry's own propagator would parent the request span on the browser's traceparent (ASP.NET Core
        // instrumentation) and add traceparent and baggage to outgoing requests (HttpClient instrumentation): it is
        // replaced by one that reads and writes nothing. Process-wide, like the instrumentation that reads it.
        Sdk.SetDefaultTextMapPropagator(new EdgeTraceContext.NoTraceHeaders());
        services.Replace(ServiceDescriptor.Singleton(new GatewayTracingMode(enabled: true)));
        services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing
                .AddSource(SourceName, YarpSourceName)
                .AddAspNetCoreInstrumentation(options =>
                {
                    // The listener sees every host in the process: the sandbox's in-process emulator (a host without the
                    // gateway's services) is Genesys's side, not traced as the gateway.
                    options.Filter = context => !IsProbe(context.Request.Path) && context.RequestServices.GetService<GatewayTracingMode>() is not null;
                    // A path with a route value (the sandbox's /demo/guests/{guestId}) is shown as its template, not the value.
                    options.EnrichWithHttpResponse = (activity, response) =>
                    {
                        if (response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.Parameters.Count: > 0 } endpoint)
                        {
                            activity.SetTag("url.path", endpoint.RoutePattern.RawText);
                        }
                    };
                })
                .AddHttpClientInstrumentation(options =>
                {
                    // The Genesys path holds the guest or contact id: the span keeps the path's shape, never the id.
                    options.EnrichWithHttpRequestMessage = (activity, request) =>
                    {
                        if (request.RequestUri is { } uri)
                        {
                            activity.SetTag("url.full", UpstreamUrl.Redact(uri));
                        }
                    };
                });
            export(tracing);
        });
        return services;
    }

    /// <summary>Whether tracing is on; false unless <see cref="AddGatewayTracing"/> ran.</summary>
    public static IServiceCollection AddGatewayTracingMode(this IServiceCollection services)
    {
        services.TryAddSingleton(new GatewayTracingMode(enabled: false));
        return services;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Whether spans are recorded. The outgoing handlers read it: with tracing off they have no diagnostics handler at all
/// (no activity per call); with it on, one that starts the client span and injects nothing.
/// </summary>
internal sealed class GatewayTracingMode(bool enabled)
{
    public bool Enabled { get; } = enabled;

    /// <summary>For <see cref="SocketsHttpHandler.ActivityHeadersPropagator"/>: null (no span, no header) when tracing is off,
    /// else a propagator that writes no header, so the client span exists and nothing of it goes upstream.</summary>
    public DistributedContextPropagator? OutgoingPropagator => Enabled ? EdgeTraceContext.UntrustedPropagator.Instance : null;
}
