using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Genesys.Resilience;
using GuestSync.Gateway.Hosting;
using Polly;
using Polly.Retry;

namespace GuestSync.Gateway.Genesys.Tokens;

/// <summary>
/// The OAuth client-credentials grant as Genesys Cloud does it: <c>POST /oauth/token</c> on the login host,
/// <c>Authorization: Basic base64(id:secret)</c> (ISO-8859-1, as the official SDK encodes it) and
/// <c>grant_type=client_credentials</c>; no scope, since Genesys ignores scopes for this grant.
/// </summary>
internal sealed partial class GenesysTokenClient
{
    /// <summary>The named <see cref="HttpClient"/> used for token requests.</summary>
    public const string HttpClientName = "GenesysLogin";

    private static readonly Encoding Latin1 = Encoding.Latin1;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GenesysTokenClient> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public GenesysTokenClient(IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<GenesysTokenClient> logger)
    {
        _httpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));

        // The token endpoint's own short retry with Polly's jittered back-off, inside TokenRequestTimeout.
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(500),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => TransientFailures.IsTransient(r.StatusCode)),
            })
            .Build();
    }

    public async Task<AccessToken> RequestAsync(GenesysOrg org, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(org);
        // The token request as one span (its HTTP attempts are client spans under it); never the secret or the token.
        using var activity = GatewayTracing.Source.StartActivity("genesys token", ActivityKind.Internal);
        activity?.SetTag("guestsync.org", org.Name);
        using var timeout = new CancellationTokenSource(org.Options.TokenRequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(
                static (state, ct) => new ValueTask<HttpResponseMessage>(state.Self.SendOnceAsync(state.Org, ct)),
                (Self: this, Org: org),
                linked.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.TokenRequestFailed(_logger, org.Name, ex.GetType().Name);
            activity?.SetStatus(ActivityStatusCode.Error, "unreachable");
            throw new GenesysUnavailableException($"The token endpoint of Genesys organization '{org.Name}' could not be reached.", ex)
            {
                RetryAfter = org.Options.TokenFailureBackoff,
            };
        }

        using (response)
        {
            var issuedAt = _timeProvider.GetUtcNow();
            if (!response.IsSuccessStatusCode)
            {
                Log.TokenRejected(_logger, org.Name, (int)response.StatusCode, GenesysCorrelationId.Of(response));
                activity?.SetStatus(ActivityStatusCode.Error, $"answered {(int)response.StatusCode}");
                throw new GenesysUnavailableException($"The token endpoint of Genesys organization '{org.Name}' answered {(int)response.StatusCode}.")
                {
                    RetryAfter = RetryAfter.Of(response, _timeProvider) ?? org.Options.TokenFailureBackoff,
                };
            }

            var token = await ParseAsync(response, org, issuedAt, linked.Token);
            Log.TokenIssued(_logger, org.Name, token.ExpiresAt);
            return token;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(GenesysOrg org, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(org.LoginBaseUri, "oauth/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Latin1.GetBytes($"{org.ClientId}:{org.ClientSecret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
    }

    private async Task<AccessToken> ParseAsync(HttpResponseMessage response, GenesysOrg org, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var root = json.RootElement;
            if (root.TryGetProperty("access_token", out var value) && value.ValueKind == JsonValueKind.String
                && root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt64(out var seconds) && seconds > 0
                && value.GetString() is { Length: > 0 } tokenValue)
            {
                var lifetime = TimeSpan.FromSeconds(seconds);
                var margin = TimeSpan.FromTicks(Math.Min(org.Options.TokenRefreshMargin.Ticks, lifetime.Ticks / 2));
                return new AccessToken(tokenValue, issuedAt + lifetime - margin, issuedAt + lifetime);
            }
        }
        catch (JsonException)
        {
            // Reported below without the body: it may hold a token.
        }

        Log.TokenResponseUnreadable(_logger, org.Name);
        throw new GenesysUnavailableException($"The token endpoint of Genesys organization '{org.Name}' answered without a usable access_token and expires_in.")
        {
            RetryAfter = org.Options.TokenFailureBackoff,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Obtained a Genesys access token for organization {Org}, valid until {ExpiresAt:O}")]
        public static partial void TokenIssued(ILogger logger, string org, DateTimeOffset expiresAt);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "The Genesys token endpoint of organization {Org} answered {Status} (ININ-Correlation-Id {CorrelationId})")]
        public static partial void TokenRejected(ILogger logger, string org, int status, string? correlationId);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "The Genesys token endpoint of organization {Org} could not be reached ({Error})")]
        public static partial void TokenRequestFailed(ILogger logger, string org, string error);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "The Genesys token endpoint of organization {Org} answered without a usable token")]
        public static partial void TokenResponseUnreadable(ILogger logger, string org);
    }
}
