using System.Collections.Concurrent;
using System.Diagnostics;
using GuestSync.Gateway.Hosting;
using System.Net.Http.Headers;
using System.Net.Mime;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// Sends a patch that is already built (bytes, content type, path) to an organization outside YARP, through the
/// same <see cref="GenesysHandlerChain"/> the proxy uses: token, retries, breaker, cool-down and throttle included.
/// </summary>
internal sealed class GenesysPatchSender : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<HttpMessageInvoker>> _invokers = new(StringComparer.OrdinalIgnoreCase);
    private readonly GenesysHandlerChain _chain;
    private readonly GenesysOrgRegistry _orgs;
    private readonly DistributedContextPropagator? _propagator;

    public GenesysPatchSender(GenesysHandlerChain chain, GenesysOrgRegistry orgs, GatewayTracingMode? tracing = null)
    {
        _propagator = tracing?.OutgoingPropagator;
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _orgs = orgs ?? throw new ArgumentNullException(nameof(orgs));
    }

    /// <summary>
    /// PATCHes <paramref name="body"/> to <paramref name="pathAndQuery"/> (e.g. <c>/api/v2/guests/{id}</c>) on the
    /// organization's API host. Throws <see cref="GenesysUnavailableException"/> for an organization not configured.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(string org, ReadOnlyMemory<byte> body, string contentType, string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync(org, HttpMethod.Patch, body, contentType, pathAndQuery, cancellationToken);

    /// <summary>
    /// Sends <paramref name="body"/> with <paramref name="method"/>; <paramref name="cancellationToken"/> also stops the
    /// resilience pipeline (retries, cool-down and throttle waits), see <see cref="SendStop"/>.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(string org, HttpMethod method, ReadOnlyMemory<byte> body, string contentType, string pathAndQuery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(org);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (!_orgs.TryGet(org, out var resolved))
        {
            throw new GenesysUnavailableException($"Genesys organization '{org}' is not configured.");
        }

        var request = new HttpRequestMessage(method, new Uri(resolved.ApiBaseUri, pathAndQuery.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypeNames.Application.Json));
        request.Options.Set(UpstreamBody.OptionsKey, new UpstreamBody(body, contentType));
        request.Options.Set(SendStop.OptionsKey, new SendStop(cancellationToken));
        return Invoker(org).SendAsync(request, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers.Values.Where(lazy => lazy.IsValueCreated))
        {
            invoker.Value.Dispose();
        }
    }

    private HttpMessageInvoker Invoker(string org) => _invokers.GetOrAdd(org, name => new Lazy<HttpMessageInvoker>(() =>
        new HttpMessageInvoker(_chain.Wrap(name, new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ActivityHeadersPropagator = _propagator, // no trace header either way (EdgeTraceContext)
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })))).Value;
}
