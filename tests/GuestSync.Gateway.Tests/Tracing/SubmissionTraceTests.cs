using System.Diagnostics;
using System.Net;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Tracing;

/// <summary>With tracing on (as an OTLP endpoint turns it on, exported to memory): one trace from the browser's request to
/// the Genesys call, the token request inside it, and still nothing of any trace context sent upstream.</summary>
public sealed class SubmissionTraceTests
{
    private static readonly string[] TraceHeaders = ["traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context"];

    internal static HttpRequestMessage BrowserPost(ActivityTraceId browserTrace, string guestId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(ProfileForms.Valid(guestId)) };
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{browserTrace.ToHexString()}-00f067aa0ba902b7-01");
        request.Headers.TryAddWithoutValidation("tracestate", "browser=state");
        request.Headers.TryAddWithoutValidation("baggage", "session=browser-secret-baggage");
        return request;
    }

    /// <summary>The gateway's request span for the browser's request: the one linked to the browser's trace.</summary>
    internal static Task<Activity> RequestSpanAsync(TraceCapture spans, ActivityTraceId browserTrace) =>
        spans.WaitForAsync(
            a => a.Source.Name == "Microsoft.AspNetCore" && a.Links.Any(l => l.Context.TraceId == browserTrace),
            "for the browser's request");

    [Fact]
    public async Task One_trace_spans_the_browser_request_the_proxy_the_token_request_and_the_genesys_call()
    {
        var spans = new TraceCapture();
        await using var host = await GatewayHost.StartAsync(testServices: spans.Register);
        var browserTrace = ActivityTraceId.CreateRandom();
        var guest = Guid.NewGuid().ToString();

        using var response = await host.Client.SendAsync(BrowserPost(browserTrace, guest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = await RequestSpanAsync(spans, browserTrace);
        Assert.NotEqual(browserTrace, request.TraceId);
        Assert.Equal(default, request.ParentSpanId); // the browser's context is a link, never the parent
        Assert.DoesNotContain(request.Baggage, b => b.Key == "session");

        var patch = await spans.WaitForAsync(a => a.TraceId == request.TraceId && a.Kind == ActivityKind.Client && a.DisplayName.StartsWith("PATCH", StringComparison.Ordinal), "for the Genesys call");
        var tokenCall = await spans.WaitForAsync(a => a.TraceId == request.TraceId && a.Kind == ActivityKind.Client && Url(a).EndsWith("/oauth/token", StringComparison.Ordinal), "for the token call");
        var token = Assert.Single(spans.InTrace(request.TraceId), a => a.Source.Name == GatewayTracing.SourceName && a.DisplayName == "genesys token");
        var forwarder = Assert.Single(spans.InTrace(request.TraceId), a => a.Source.Name == GatewayTracing.YarpSourceName);

        // browser request → YARP's forwarder → (token request → its HTTP call) and the Genesys call
        Assert.Equal(request.SpanId, forwarder.ParentSpanId);
        Assert.Equal(forwarder.SpanId, token.ParentSpanId);
        Assert.Equal(token.SpanId, tokenCall.ParentSpanId);
        Assert.Equal(forwarder.SpanId, patch.ParentSpanId);
        Assert.Equal(200, patch.GetTagItem("http.response.status_code"));
        Assert.Equal("default", token.GetTagItem("guestsync.org"));

        // The span shows the path's shape, never the guest id; no tag of the trace holds it.
        Assert.Equal($"{host.Emulator.BaseAddress.Scheme}://{host.Emulator.BaseAddress.Authority}/api/v2/guests/{{id}}", Url(patch));
        Assert.All(spans.InTrace(request.TraceId), span => Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains(guest, StringComparison.Ordinal) == true));
        Assert.All(spans.InTrace(request.TraceId), span => Assert.DoesNotContain(guest, span.DisplayName, StringComparison.Ordinal));

        // Genesys's side (the emulator, a host of its own in this process) is not traced as the gateway.
        Assert.DoesNotContain(spans.Snapshot(), a => a.Source.Name == "Microsoft.AspNetCore" && (a.GetTagItem("url.path") as string)?.StartsWith("/api/v2/", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task With_tracing_on_no_trace_header_reaches_genesys_or_the_login_host()
    {
        var spans = new TraceCapture();
        await using var host = await GatewayHost.StartAsync(testServices: spans.Register);
        var browserTrace = ActivityTraceId.CreateRandom();

        using var response = await host.Client.SendAsync(BrowserPost(browserTrace, Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = await RequestSpanAsync(spans, browserTrace);
        var received = host.Emulator.ReceivedRequests;
        Assert.Contains(received, r => r.Path == "/oauth/token");
        Assert.Contains(received, r => r.Method == "PATCH");
        foreach (var sent in received)
        {
            Assert.All(TraceHeaders, name => Assert.False(sent.Headers.ContainsKey(name), $"{sent.Method} {sent.Path} carried {name}"));
            Assert.DoesNotContain(sent.Headers.Values, v => v.Contains(browserTrace.ToHexString(), StringComparison.OrdinalIgnoreCase)
                || v.Contains(request.TraceId.ToHexString(), StringComparison.OrdinalIgnoreCase)
                || v.Contains("browser-secret-baggage", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Health_probes_are_not_traced()
    {
        var spans = new TraceCapture();
        await using var host = await GatewayHost.StartAsync(testServices: spans.Register);
        var marker = ActivityTraceId.CreateRandom();
        using var probe = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        probe.Headers.TryAddWithoutValidation("traceparent", $"00-{marker.ToHexString()}-00f067aa0ba902b7-01");
        using (var response = await host.Client.SendAsync(probe))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A traced request after it, so the exporter has had the chance to export the probe had it been recorded.
        var after = ActivityTraceId.CreateRandom();
        using (var response = await host.Client.SendAsync(BrowserPost(after, Guid.NewGuid().ToString())))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await RequestSpanAsync(spans, after);
        Assert.DoesNotContain(spans.Snapshot(), a => a.Links.Any(l => l.Context.TraceId == marker));
    }

    private static string Url(Activity span) => span.GetTagItem("url.full") as string ?? "";
}
