using System.Net;
using System.Net.Http.Headers;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Tracing;

/// <summary><c>Metrics:Prometheus:*</c>: off by default; when on, the scrape is answered only with the operator key.</summary>
public sealed class MetricsScrapeTests
{
    private static HttpRequestMessage Scrape(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    [Fact]
    public async Task Scrape_endpoint_serves_the_gateway_meter_to_the_operator_key_only()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Metrics:Prometheus:Enabled"] = "true",
            ["Metrics:Prometheus:Path"] = "/internal/metrics",
        });
        using (var sync = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        }

        using var anonymous = await host.Client.SendAsync(Scrape("/internal/metrics", null));
        using var wrongKey = await host.Client.SendAsync(Scrape("/internal/metrics", new string('x', 40)));
        using var operatorScrape = await host.Client.SendAsync(Scrape("/internal/metrics", GatewayHost.OperatorKey));

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongKey.StatusCode);
        Assert.DoesNotContain("guestsync", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, operatorScrape.StatusCode);
        var text = await operatorScrape.Content.ReadAsStringAsync();
        Assert.Contains("guestsync_submissions_total{", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"synced\"", text, StringComparison.Ordinal);
        Assert.Contains("guestsync_upstream_duration_seconds_bucket{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_endpoint_is_off_by_default()
    {
        await using var host = await GatewayHost.StartAsync();

        using var scrape = await host.Client.SendAsync(Scrape("/metrics", GatewayHost.OperatorKey));

        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
    }

    [Fact]
    public async Task Enabling_it_without_an_operator_key_fails_the_start_naming_both_settings()
    {
        await using var host = await GatewayHost.StartAsync();
        var settings = new Dictionary<string, string?> { ["Metrics:Prometheus:Enabled"] = "true", ["Health:OperatorKey"] = "" };

        var message = await StartFailure.MessagesAsync(() => host.NewFactory(settings));

        Assert.Contains("Metrics:Prometheus:Enabled", message, StringComparison.Ordinal);
        Assert.Contains("Health:OperatorKey", message, StringComparison.Ordinal);
    }
}
