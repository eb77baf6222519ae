using GuestSync.Gateway.Genesys.Tokens;
using Yarp.ReverseProxy.Forwarder;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// YARP's outgoing client, with the Genesys handlers added for clusters marked <c>GenesysOrg</c>:
/// the replayable body, then the bearer token. Other clusters are forwarded as YARP does by itself.
/// </summary>
internal sealed class GatewayForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    private readonly GenesysTokenProvider _tokens;
    private readonly ILoggerFactory _loggerFactory;

    public GatewayForwarderHttpClientFactory(GenesysTokenProvider tokens, ILoggerFactory loggerFactory)
        : base(loggerFactory.CreateLogger<ForwarderHttpClientFactory>())
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _loggerFactory = loggerFactory;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        handler = base.WrapHandler(context, handler);
        if (!GenesysClusterMetadata.TryGetOrg(context.NewMetadata, out var org))
        {
            return handler;
        }

        var auth = new GenesysAuthHandler(org, _tokens, _loggerFactory.CreateLogger<GenesysAuthHandler>()) { InnerHandler = handler };
        return new UpstreamBodyHandler { InnerHandler = auth };
    }
}
