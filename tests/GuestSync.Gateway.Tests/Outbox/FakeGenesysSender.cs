using System.Collections.Concurrent;
using System.Net;
using GuestSync.Gateway.Outbox;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>Records exactly what it is asked to send (bytes and time) and answers as the test says.</summary>
internal sealed class FakeGenesysSender(TimeProvider time) : IGenesysSender
{
    private readonly ConcurrentQueue<(DateTimeOffset At, string Org, OutboxRequest Request)> _sent = new();
    private int _inFlight;

    /// <summary>What to answer; throw to simulate the chain's exceptions. Default 200.</summary>
    public Func<OutboxRequest, Task<HttpResponseMessage>> Answer { get; set; } = _ => Task.FromResult(Status(HttpStatusCode.OK));

    public IReadOnlyList<(DateTimeOffset At, string Org, OutboxRequest Request)> Sent => [.. _sent];

    public int MaxInFlight { get; private set; }

    public static HttpResponseMessage Status(HttpStatusCode status, string? correlationId = null, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        if (correlationId is not null)
        {
            response.Headers.Add("ININ-Correlation-Id", correlationId);
        }

        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        }

        return response;
    }

    public async Task<HttpResponseMessage> SendAsync(string org, OutboxRequest request, CancellationToken cancellationToken)
    {
        // Copy the bytes: what was sent must not change if the caller's buffer is reused.
        _sent.Enqueue((time.GetUtcNow(), org, request with { Body = request.Body.ToArray() }));
        MaxInFlight = Math.Max(MaxInFlight, Interlocked.Increment(ref _inFlight));
        try
        {
            return await Answer(request);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
