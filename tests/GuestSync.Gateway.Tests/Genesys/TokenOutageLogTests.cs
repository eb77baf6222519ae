using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Outbox.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestSync.Gateway.Tests.Genesys;

/// <summary>A login outage is logged once per failed token request, never as a stack trace per post.</summary>
public sealed class TokenOutageLogTests
{
    private const int TokenFailureEvent = 1201;

    [Fact]
    public async Task Posts_during_a_login_outage_log_one_line_per_failed_token_request_and_no_stack_trace()
    {
        var (host, time) = await OutboxGateway.StartAsync();
        await using var _ = host;
        using var listener = ListenToTokenFailures(host, out var failures);
        host.Emulator.Faults.TokenEndpointDown = true;

        const int Posts = 5;
        for (var i = 0; i < Posts; i++)
        {
            using var response = await time.DriveAsync(host.Client.PostAsync(Guid.NewGuid().ToString()));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var entries = host.Factory.Logs.Entries.ToList();
        Assert.True(failures.Count >= 1, "the gateway asked the token endpoint");
        var tokenLines = entries.Where(e => e.EventId.Id == TokenFailureEvent).ToList();
        Assert.Equal(failures.Count, tokenLines.Count);
        Assert.All(tokenLines, line => Assert.Equal(LogLevel.Error, line.Level));
        Assert.Equal(Posts, entries.Count(e => e.EventId.Id == 1100));
        Assert.All(entries, e => Assert.Null(e.Exception));
        Assert.DoesNotContain(entries, e => e.Message.Contains("   at ", StringComparison.Ordinal));
    }

    /// <summary>Counts this host's failed token requests (<c>guestsync.token.fetches</c>, result failure).</summary>
    private static MeterListener ListenToTokenFailures(GatewayHost host, out ConcurrentQueue<string> failures)
    {
        var recorded = failures = new ConcurrentQueue<string>();
        var meters = host.Factory.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listening) =>
            {
                if (instrument.Name == "guestsync.token.fetches" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listening.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result" && (string?)tag.Value == "failure")
                {
                    recorded.Enqueue("failure");
                }
            }
        });
        listener.Start();
        return listener;
    }
}
