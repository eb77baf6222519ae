using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Hosting;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// Builds an organization's Polly pipeline, outermost first (inside the submission's total budget, which
/// <see cref="GenesysResilienceHandler"/> applies around it): retries of
/// <see cref="TransientFailures"/> (waiting <see cref="RetryDelays"/>, never a wait that overruns the budget), the circuit
/// breaker, the limits Genesys announces (<see cref="GenesysLimitsStrategy"/>: the shared 429 cool-down, then the rate-limit
/// window its answers report), the proactive
/// throttle (in a fleet: <see cref="FleetLimitStrategy"/>, the fleet's permit), and the per-attempt timeout (applied by
/// the attempt itself, <see cref="GenesysResilienceHandler"/>, with sources from a <see cref="TimeoutSourcePool"/>).
/// </summary>
internal sealed partial class GenesysResiliencePipelineFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<GenesysResiliencePipelineFactory> _logger;
    private readonly FleetLimits? _fleet;
    private readonly TimeoutSourcePool _timeouts;

    public GenesysResiliencePipelineFactory(
        TimeProvider timeProvider,
        GatewayMetrics metrics,
        ILogger<GenesysResiliencePipelineFactory> logger,
        TimeoutSourcePool timeouts,
        IFleetBudget? fleetBudget = null,
        IFleetCoolDown? fleetCoolDown = null,
        FleetStoreHealth? fleetHealth = null,
        IOptions<FleetOptions>? fleetOptions = null)
    {
        if (fleetBudget is not null && fleetCoolDown is not null && fleetHealth is not null)
        {
            _fleet = new FleetLimits(fleetBudget, fleetCoolDown, fleetHealth, fleetOptions?.Value ?? new FleetOptions());
        }

        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _timeouts = timeouts ?? throw new ArgumentNullException(nameof(timeouts));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public OrgResilience Create(string org, GenesysResilienceOptions options, CoolDownGate gate, RateBudget budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(budget);
        var breaker = new CircuitBreakerStateProvider();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider, Name = $"genesys-{org}" };

        // The submission's total budget is applied around the pipeline by GenesysResilienceHandler, with a pooled source.
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(
                    TransientFailures.IsTransient(args.Outcome) && FitsBudget(RetryDelays.Longest(args.Outcome, args.AttemptNumber, options, _timeProvider), args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelays.Next(args.Outcome, args.AttemptNumber, options, _timeProvider)),
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
            ShouldHandle = args => ValueTask.FromResult(TransientFailures.IsFailure(args.Outcome)),
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

        builder.AddStrategy(_ => new GenesysLimitsStrategy(gate, budget, _timeProvider, _metrics, org), new GenesysLimitsStrategyOptions());
        if (_fleet is not null)
        {
            // A fleet shares one budget and one cool-down per organization through PostgreSQL: the fleet's permit replaces
            // this replica's own throttle (which falls back to its local share while the database is unreachable).
            builder.AddStrategy(_ => new FleetLimitStrategy(org, options, gate, budget, _fleet, _timeProvider), new FleetLimitStrategyOptions());
        }
        else if (options.RequestsPerMinute > 0)
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

        // The per-attempt timeout, innermost, is the attempt's own (OrgResilience.TimeoutSources, GenesysResilienceHandler).
        return new OrgResilience(org, options, builder.Build(), gate, budget, breaker) { TimeoutSources = _timeouts };
    }

    private static string Cause(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "attempt-timeout",
        { Exception: { } } => "transport",
        { Result: { } response } => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "unknown",
    };

    /// <summary>A wait that does not fit in the budget is not slept on: the caller answers now, with Retry-After.</summary>
    private bool FitsBudget(TimeSpan wait, ResilienceContext context) =>
        _timeProvider.GetUtcNow() + wait < context.Properties.GetValue(ResilienceKeys.Deadline, DateTimeOffset.MaxValue);

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
