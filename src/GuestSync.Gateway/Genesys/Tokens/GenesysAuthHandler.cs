using System.Net;
using System.Net.Http.Headers;
using GuestSync.Gateway.Genesys.Tokens;

namespace GuestSync.Gateway.Genesys.Tokens;

/// <summary>
/// Puts the organization's bearer token on each outgoing request the gateway built itself (one that carries an
/// <see cref="UpstreamBody"/>: the profile-sync transform's patch or <see cref="GenesysPatchSender"/>'s); any other
/// request is refused before it leaves, so no route can borrow the token. A 401 drops that token, fetches a new
/// one and replays the same request <b>once</b>: a second 401 goes back to the caller, never a loop.
/// </summary>
internal sealed partial class GenesysAuthHandler : DelegatingHandler
{
    private readonly string _orgName;
    private readonly GenesysTokenProvider _tokens;
    private readonly ILogger<GenesysAuthHandler> _logger;

    public GenesysAuthHandler(string orgName, GenesysTokenProvider tokens, ILogger<GenesysAuthHandler> logger)
    {
        _orgName = orgName ?? throw new ArgumentNullException(nameof(orgName));
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(UpstreamBody.OptionsKey, out _))
        {
            Log.NotBuiltByGateway(_logger, _orgName);
            throw new InvalidOperationException(
                $"Only patches built by the gateway are sent to Genesys organization '{_orgName}'; this request was not, so it was not sent.");
        }

        var cache = _tokens.For(_orgName)
            ?? throw new GenesysUnavailableException($"Genesys organization '{_orgName}' is not configured.");

        var token = await cache.GetAsync(cancellationToken);
        Authorize(request, token);
        // Sending/send/Answered is written out here and for the replay below rather than in a helper: a helper would be
        // one more async state machine on every send, for a replay that happens once per token renewal.
        UpstreamSends.Sending(request);
        var response = await base.SendAsync(request, cancellationToken);
        UpstreamSends.Answered(request, response);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        Log.TokenRejected(_logger, _orgName, GenesysCorrelationId.Of(response));
        response.Dispose();
        await cache.InvalidateAsync(token, cancellationToken);
        var renewed = await cache.GetAsync(cancellationToken);
        Authorize(request, renewed);
        UpstreamSends.Sending(request);
        var replayed = await base.SendAsync(request, cancellationToken);
        UpstreamSends.Answered(request, replayed);
        return replayed;
    }

    /// <summary>Replaces any <c>Authorization</c> the request carries (the browser's is never passed on) with the token's.</summary>
    private static void Authorize(HttpRequestMessage request, AccessToken token)
    {
        if (token.BearerHeader is { } header)
        {
            request.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.Authorization);
            request.Headers.TryAddWithoutValidation(Microsoft.Net.Http.Headers.HeaderNames.Authorization, header);
            return;
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Genesys rejected the access token of organization {Org} (ININ-Correlation-Id {CorrelationId}); renewing it and replaying once")]
        public static partial void TokenRejected(ILogger logger, string org, string? correlationId);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "A request to Genesys organization {Org} that the gateway did not build was refused before it was sent; no token was attached")]
        public static partial void NotBuiltByGateway(ILogger logger, string org);
    }
}
