using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Genesys.Tokens;
using GuestSync.Gateway.Hosting;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// How a request reaches one Genesys organization, outermost first: the replayable body
/// (<see cref="UpstreamBodyHandler"/>), the organization's resilience pipeline, then the bearer token per attempt.
/// YARP's forwarder and <see cref="GenesysPatchSender"/> both send through this one chain.
/// </summary>
internal sealed class GenesysHandlerChain
{
    private readonly GenesysTokenProvider _tokens;
    private readonly GenesysResilienceRegistry _resilience;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;

    public GenesysHandlerChain(
        GenesysTokenProvider tokens,
        GenesysResilienceRegistry resilience,
        GatewayMetrics metrics,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
    }

    /// <summary>Puts the organization's handlers in front of <paramref name="transport"/>.</summary>
    public HttpMessageHandler Wrap(string org, HttpMessageHandler transport)
    {
        ArgumentNullException.ThrowIfNull(org);
        ArgumentNullException.ThrowIfNull(transport);
        var auth = new GenesysAuthHandler(org, _tokens, _loggerFactory.CreateLogger<GenesysAuthHandler>()) { InnerHandler = transport };
        var resilience = new GenesysResilienceHandler(org, _resilience, _metrics, _timeProvider) { InnerHandler = auth };
        return new UpstreamBodyHandler { InnerHandler = resilience };
    }
}
