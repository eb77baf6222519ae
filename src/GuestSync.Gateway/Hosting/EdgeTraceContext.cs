using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Context.Propagation;
using System.Diagnostics;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// The public internet's trace context stays at the edge. Incoming <c>traceparent</c>/<c>tracestate</c>/<c>baggage</c>
/// are not extracted as the request's parent (<see cref="UntrustedPropagator"/> replaces the hosting propagator), so
/// every request starts a new trace; <see cref="LinkMiddleware"/> links it to the caller's context instead. Outgoing
/// Genesys and login clients carry no trace headers at all: their handlers have no activity propagator, or with tracing on
/// (<see cref="GatewayTracing"/>) this one, which writes nothing; OpenTelemetry's own propagator is <see cref="NoTraceHeaders"/>.
/// </summary>
internal static class EdgeTraceContext
{
    public static IServiceCollection AddEdgeTraceContext(this IServiceCollection services)
    {
        // ASP.NET Core's hosting reads the propagator from the container to extract the incoming parent.
        services.Replace(ServiceDescriptor.Singleton<DistributedContextPropagator>(UntrustedPropagator.Instance));
        services.AddGatewayTracingMode();
        return services;
    }

    /// <summary>Extracts nothing and injects nothing: a request's trace begins at this gateway.</summary>
    internal sealed class UntrustedPropagator : DistributedContextPropagator
    {
        public static readonly UntrustedPropagator Instance = new();

        public override IReadOnlyCollection<string> Fields { get; } = [];

        public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
        {
        }

        public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
        {
            traceId = null;
            traceState = null;
        }

        public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
    }

    /// <summary>
    /// OpenTelemetry's propagator (<c>Sdk.SetDefaultTextMapPropagator</c>), read by its ASP.NET Core instrumentation to
    /// re-parent the request span and by its HttpClient instrumentation to inject headers: here it extracts and injects nothing.
    /// </summary>
    internal sealed class NoTraceHeaders : TextMapPropagator
    {
        public override ISet<string> Fields { get; } = new HashSet<string>();

        public override PropagationContext Extract<T>(PropagationContext context, T carrier, Func<T, string, IEnumerable<string>?> getter) => context;

        public override void Inject<T>(PropagationContext context, T carrier, Action<T, string, string> setter)
        {
        }
    }

    /// <summary>Links the request's new trace to a well-formed incoming <c>traceparent</c>, for correlation only.</summary>
    internal sealed class LinkMiddleware(RequestDelegate next)
    {
        public Task InvokeAsync(HttpContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var traceparent = context.Request.Headers.TraceParent;
            if (Activity.Current is { } activity && traceparent.Count == 1
                && ActivityContext.TryParse(traceparent[0], traceState: null, isRemote: true, out var remote))
            {
                activity.AddLink(new ActivityLink(remote));
            }

            return next(context);
        }
    }
}
