using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Answers;

/// <summary><c>guestsync.submissions</c> counts every answer, the ones middleware gives included.</summary>
public sealed class SubmissionOutcomeTests
{
    [Fact]
    public async Task Synced_invalid_cross_site_and_rate_limited_posts_are_each_counted_by_outcome()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Security:RateLimits:PerClient:PermitLimit"] = "3",
        });
        using var listener = Listen(host, out var outcomes);

        using (var synced = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        }

        using (var invalid = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(new Dictionary<string, string> { ["guestId"] = "x" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(ProfileForms.Valid()) };
        crossSite.Headers.Add("Origin", "https://elsewhere.example");
        using (var refused = await host.Client.SendAsync(crossSite))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var limited = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        Assert.Equal(["invalid", "refused", "refused", "synced"], outcomes.Order(StringComparer.Ordinal));
    }

    /// <summary>Listens to this host's meter only: other tests run gateways of their own in parallel.</summary>
    private static MeterListener Listen(GatewayHost host, out ConcurrentQueue<string> outcomes)
    {
        var recorded = outcomes = new ConcurrentQueue<string>();
        var meters = host.Factory.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listening) =>
            {
                if (instrument.Name == "guestsync.submissions" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listening.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    recorded.Enqueue((string)tag.Value!);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
