using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Hosting;
using Yarp.ReverseProxy.Forwarder;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// YARP's outgoing client: clusters marked <c>GenesysOrg</c> send through the organization's
/// <see cref="GenesysHandlerChain"/>, follow no redirect and carry no trace headers; other clusters are forwarded as
/// YARP does by itself.
/// </summary>
internal sealed class GatewayForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    private readonly GenesysHandlerChain _chain;
    private readonly GatewayTracingMode? _tracing;

    public GatewayForwarderHttpClientFactory(GenesysHandlerChain chain, ILoggerFactory loggerFactory, GatewayTracingMode? tracing = null)
        : base(loggerFactory.CreateLogger<ForwarderHttpClientFactory>())
    {
        _tracing = tracing;
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (GenesysClusterMetadata.TryGetOrg(context.NewMetadata, out _))
        {
            // Nothing of the browser's (nor this gateway's) trace context goes to Genesys: no traceparent, tracestate or baggage.
            // With tracing on, a propagator that writes nothing keeps the client span (EdgeTraceContext).
            handler.ActivityHeadersPropagator = _tracing?.OutgoingPropagator;
            handler.AllowAutoRedirect = false;
        }
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        handler = base.WrapHandler(context, handler);
        return GenesysClusterMetadata.TryGetOrg(context.NewMetadata, out var org) ? _chain.Wrap(org, handler) : handler;
    }
}
