using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// The gateway's own instruments (meter <c>GuestSync.Gateway</c>), exportable with OpenTelemetry:
/// submissions by outcome, upstream attempts by status, retries, 429s, breaker state, token fetches,
/// and upstream latency.
/// </summary>
internal sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "GuestSync.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _submissions;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _tokenFetches;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Dictionary<string, Func<int>> _breakers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _breakersGate = new();

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _submissions = _meter.CreateCounter<long>("guestsync.submissions", description: "Profile submissions by outcome.");
        _attempts = _meter.CreateCounter<long>("guestsync.upstream.attempts", description: "Requests sent to Genesys, by status.");
        _retries = _meter.CreateCounter<long>("guestsync.upstream.retries", description: "Attempts retried, by the status that caused it.");
        _rateLimited = _meter.CreateCounter<long>("guestsync.upstream.rate_limited", description: "429 answers from Genesys.");
        _tokenFetches = _meter.CreateCounter<long>("guestsync.token.fetches", description: "Token requests by result.");
        _upstreamDuration = _meter.CreateHistogram<double>("guestsync.upstream.duration", unit: "s", description: "Time of one attempt to Genesys.");
        _meter.CreateObservableGauge("guestsync.breaker.state", ObserveBreakers, description: "0 closed, 1 open, 2 half-open, 3 isolated.");
    }

    public void Submission(string outcome) => _submissions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Attempt(string org, int status, TimeSpan duration)
    {
        var tags = new TagList { { "org", org }, { "status", status } };
        _attempts.Add(1, tags);
        _upstreamDuration.Record(duration.TotalSeconds, tags);
    }

    public void Retry(string org, string cause) => _retries.Add(1, new TagList { { "org", org }, { "cause", cause } });

    public void RateLimited(string org) => _rateLimited.Add(1, new KeyValuePair<string, object?>("org", org));

    public void TokenFetch(string org, bool succeeded) =>
        _tokenFetches.Add(1, new TagList { { "org", org }, { "result", succeeded ? "success" : "failure" } });

    public void TrackBreaker(string org, Func<int> state)
    {
        lock (_breakersGate)
        {
            _breakers[org] = state;
        }
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveBreakers()
    {
        lock (_breakersGate)
        {
            return [.. _breakers.Select(b => new Measurement<int>(b.Value(), new KeyValuePair<string, object?>("org", b.Key)))];
        }
    }
}
