using GuestSync.Gateway.Hosting;
using System.Net;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// Builds an organization's Polly pipeline, outermost first: the submission's total budget, retries
/// (Retry-After or jittered exponential back-off, never a wait that overruns the budget), the circuit
/// breaker, the shared 429 cool-down, the proactive throttle, and the per-attempt timeout.
/// </summary>
internal sealed partial class GenesysResiliencePipelineFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<GenesysResiliencePipelineFactory> _logger;

    public GenesysResiliencePipelineFactory(TimeProvider timeProvider, GatewayMetrics metrics, ILogger<GenesysResiliencePipelineFactory> logger)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public OrgResilience Create(string org, GenesysResilienceOptions options, CoolDownGate gate)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gate);
        var breaker = new CircuitBreakerStateProvider();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider, Name = $"genesys-{org}" };

        builder.AddTimeout(options.TotalBudget);
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber, options)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(ResilienceKeys.NextDelay, options.BaseDelay)),
                OnRetry = args =>
                {
                    var cause = Cause(args.Outcome);
                    _metrics.Retry(org, cause);
                    Log.Retrying(_logger, org, args.AttemptNumber + 2, cause, args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            StateProvider = breaker,
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            OnOpened = args =>
            {
                Log.BreakerOpened(_logger, org, args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                Log.BreakerClosed(_logger, org);
                return default;
            },
        });
        _metrics.TrackBreaker(org, () => (int)breaker.CircuitState);

        builder.AddStrategy(_ => new CoolDownStrategy(gate, _timeProvider, _metrics, org), new CoolDownStrategyOptions());
        if (options.RequestsPerMinute > 0)
        {
            builder.AddRateLimiter(new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = options.RequestsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 12,
                QueueLimit = options.ThrottleQueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        }

        builder.AddTimeout(options.AttemptTimeout);
        return new OrgResilience(org, options, builder.Build(), gate, breaker);
    }

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    /// <summary>What counts against the breaker: the service failing, not it asking us to slow down.</summary>
    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    private static string Cause(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "attempt-timeout",
        { Exception: { } } => "transport",
        { Result: { } response } => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "unknown",
    };

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attempt, GenesysResilienceOptions options)
    {
        TimeSpan delay;
        if (outcome.Exception is { } exception)
        {
            if (exception is not (HttpRequestException or TimeoutRejectedException))
            {
                return false;
            }

            delay = Backoff(attempt, options);
        }
        else if (outcome.Result is { } response && IsTransient(response.StatusCode))
        {
            delay = RetryAfter.Of(response, _timeProvider) ?? Backoff(attempt, options);
        }
        else
        {
            return false;
        }

        // A wait that does not fit in the budget is not slept on: the caller answers now, with Retry-After.
        var deadline = context.Properties.GetValue(ResilienceKeys.Deadline, DateTimeOffset.MaxValue);
        if (_timeProvider.GetUtcNow() + delay >= deadline)
        {
            return false;
        }

        context.Properties.Set(ResilienceKeys.NextDelay, delay);
        return true;
    }

    /// <summary>Exponential from <see cref="GenesysResilienceOptions.BaseDelay"/>, capped, with ±20 % jitter.</summary>
    private static TimeSpan Backoff(int attempt, GenesysResilienceOptions options)
    {
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        var jitter = 0.8 + (0.4 * RandomNumberGenerator.GetInt32(1_000_001) / 1_000_000d);
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "Retrying Genesys organization {Org}: attempt {Attempt} after {Cause}, waiting {Delay}")]
        public static partial void Retrying(ILogger logger, string org, int attempt, string cause, TimeSpan delay);

        [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "Circuit to Genesys organization {Org} opened for {BreakDuration}: failing fast")]
        public static partial void BreakerOpened(ILogger logger, string org, TimeSpan breakDuration);

        [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Circuit to Genesys organization {Org} closed")]
        public static partial void BreakerClosed(ILogger logger, string org);
    }
}
