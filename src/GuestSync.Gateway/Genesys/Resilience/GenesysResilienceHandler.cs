using GuestSync.Gateway.Hosting;
using Polly;
using Polly.Timeout;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// Runs each outgoing request of an organization through its pipeline. The pipeline is detached from the
/// browser's connection: a submission that passed validation is completed (or given up) within its budget
/// even if the visitor leaves, and a departed browser never extends it. Only the sender's own
/// <see cref="SendStop"/> ends it early (the live path's <c>Delivery:MaxWait</c>, the deliverer's lease).
/// </summary>
internal sealed class GenesysResilienceHandler : DelegatingHandler
{
    private readonly string _org;
    private readonly GenesysResilienceRegistry _registry;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _timeProvider;

    public GenesysResilienceHandler(string org, GenesysResilienceRegistry registry, GatewayMetrics metrics, TimeProvider timeProvider)
    {
        _org = org ?? throw new ArgumentNullException(nameof(org));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>
    /// The whole send, retries and waits included, within <see cref="GenesysResilienceOptions.TotalBudget"/>: the pipeline
    /// runs on a token the budget cancels (a source from the organization's <see cref="TimeoutSourcePool"/>, linked to the
    /// sender's <see cref="SendStop"/>), and a send ended by the budget alone ends in a <see cref="TimeoutRejectedException"/>,
    /// as Polly's outermost <c>AddTimeout</c> did, without that strategy's state machine, source and timer per send. When the
    /// sender's stop is certain to come first (the live path's <c>Delivery:MaxWait</c>), the budget could never end the send
    /// and no timer is armed for it: the pipeline runs on the stop itself.
    /// </summary>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var resilience = _registry.For(_org);
        var stop = SendStop.Of(request);
        var totalBudget = resilience.Options.TotalBudget;
        var deadline = _timeProvider.GetUtcNow() + totalBudget;
        var budget = stop.ComesBy(deadline) ? null : resilience.TimeoutSources.Rent(totalBudget);
        var link = budget is not null && stop.Token.CanBeCanceled
            ? stop.Token.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), budget)
            : default;
        var context = ResilienceContextPool.Shared.Get(budget?.Token ?? stop.Token);
        context.Properties.Set(ResilienceKeys.Deadline, deadline);
        try
        {
            var outcome = await resilience.Pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.Self.SendAttemptAsync(state.Request, ctx, state.Resilience, state.Stop),
                context,
                (Self: this, Request: request, Resilience: resilience, Stop: stop));
            if (outcome.Exception is OperationCanceledException && budget is { IsCancellationRequested: true } && !stop.Token.IsCancellationRequested)
            {
                throw new TimeoutRejectedException($"The operation didn't complete within the allowed timeout of '{totalBudget}'.", totalBudget);
            }

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            await link.DisposeAsync();
            if (budget is not null)
            {
                resilience.TimeoutSources.Return(budget);
            }
        }
    }

    /// <summary>
    /// One attempt, within <see cref="GenesysResilienceOptions.AttemptTimeout"/>: the innermost step of the pipeline, so it
    /// is timed here, as Polly's timeout would (an attempt cancelled by its timeout alone ends in a
    /// <see cref="TimeoutRejectedException"/>; one cancelled by the budget or the caller's stop stays a cancellation), with a
    /// cancellation source from the organization's <see cref="TimeoutSourcePool"/> instead of a new source and timer each time,
    /// and none when the sender's stop is certain to come before the attempt's timeout.
    /// </summary>
    private async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(HttpRequestMessage request, ResilienceContext context, OrgResilience resilience, SendStop stop)
    {
        var started = _timeProvider.GetTimestamp();
        var outer = context.CancellationToken;
        var timeout = resilience.Options.AttemptTimeout;
        var source = stop.ComesBy(_timeProvider.GetUtcNow() + timeout) ? null : resilience.TimeoutSources.Rent(timeout);
        var link = source is not null && outer.CanBeCanceled
            ? outer.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source)
            : default;
        try
        {
            var response = await base.SendAsync(request, source?.Token ?? outer);
            _metrics.Attempt(_org, (int)response.StatusCode, _timeProvider.GetElapsedTime(started));
            return Outcome.FromResult(response);
        }
        catch (Exception ex)
        {
            _metrics.Attempt(_org, 0, _timeProvider.GetElapsedTime(started));
            return Outcome.FromException<HttpResponseMessage>(ex is OperationCanceledException && source is { IsCancellationRequested: true } && !outer.IsCancellationRequested
                ? new TimeoutRejectedException($"The operation didn't complete within the allowed timeout of '{timeout}'.", timeout)
                : ex);
        }
        finally
        {
            await link.DisposeAsync();
            if (source is not null)
            {
                resilience.TimeoutSources.Return(source);
            }
        }
    }
}
