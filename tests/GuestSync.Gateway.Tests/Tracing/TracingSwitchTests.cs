using System.Net;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace GuestSync.Gateway.Tests.Tracing;

/// <summary>Tracing is on exactly when an OTLP endpoint is configured; off, nothing listens and no client span is started.</summary>
public sealed class TracingSwitchTests
{
    [Fact]
    public async Task Without_an_otlp_endpoint_there_is_no_tracer_provider_and_the_clients_start_no_span()
    {
        await using var host = await GatewayHost.StartAsync();
        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(host.Factory.Services.GetService<TracerProvider>());
        var mode = host.Factory.Services.GetRequiredService<GatewayTracingMode>();
        Assert.False(mode.Enabled);
        Assert.Null(mode.OutgoingPropagator);
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_gateway_traces_and_still_sends_no_trace_header()
    {
        // Nothing listens on the discard port: the exporter's failures are its own, the gateway serves as usual.
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(ProfileForms.Valid()) };
        request.Headers.TryAddWithoutValidation("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(host.Factory.Services.GetService<TracerProvider>());
        Assert.True(host.Factory.Services.GetRequiredService<GatewayTracingMode>().Enabled);
        Assert.All(host.Emulator.ReceivedRequests, r => Assert.DoesNotContain(r.Headers.Keys, name =>
            name.Equals("traceparent", StringComparison.OrdinalIgnoreCase) || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase)
            || name.Equals("baggage", StringComparison.OrdinalIgnoreCase)));
    }
}
