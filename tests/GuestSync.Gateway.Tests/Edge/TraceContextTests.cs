using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>The browser's trace context stays at the edge: it is not forwarded, and not trusted as a parent.</summary>
public sealed class TraceContextTests
{
    private static readonly string[] TraceHeaders = ["traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context"];

    private static HttpRequestMessage TracedPost(string traceId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(ProfileForms.Valid()) };
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        request.Headers.TryAddWithoutValidation("tracestate", "evil=" + new string('t', 200));
        request.Headers.TryAddWithoutValidation("baggage", "session=browser-secret-baggage," + string.Join(",", Enumerable.Range(0, 50).Select(i => $"k{i}=v{i}")));
        return request;
    }

    [Fact]
    public async Task Browser_trace_headers_never_reach_genesys_or_the_login_host()
    {
        await using var host = await GatewayHost.StartAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        using var response = await host.Client.SendAsync(TracedPost(traceId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = host.Emulator.ReceivedRequests;
        Assert.Contains(received, r => r.Path == "/oauth/token");
        Assert.Contains(received, r => r.Method == "PATCH");
        foreach (var request in received)
        {
            Assert.All(TraceHeaders, name => Assert.False(request.Headers.ContainsKey(name), $"{request.Method} {request.Path} carried {name}"));
            Assert.DoesNotContain(request.Headers.Values, v => v.Contains(traceId, StringComparison.OrdinalIgnoreCase) || v.Contains("browser-secret-baggage", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Incoming_trace_context_starts_a_new_trace_linked_to_it()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var requests = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => requests.Add(activity),
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await GatewayHost.StartAsync();

        using var response = await host.Client.SendAsync(TracedPost(traceId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(requests, a => a.TraceId.ToHexString() == traceId);
        var linked = Assert.Single(requests, a => a.Links.Any(l => l.Context.TraceId.ToHexString() == traceId));
        Assert.Null(linked.ParentId);
        Assert.DoesNotContain(linked.Baggage, b => b.Key == "session");
    }
}
