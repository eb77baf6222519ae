using System.Collections.Concurrent;
using System.Net;
using CsCheck;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Security.BindingTokens;
using Xunit.Abstractions;

namespace GuestSync.Gateway.Tests.Security.HostileInput;

/// <summary>
/// Thousands of generated hostile posts through the real gateway (binding required): every one is a 4xx
/// problem, nothing reaches Genesys, and the next valid post still syncs.
/// </summary>
public sealed class HostileInputPropertyTests : IAsyncLifetime
{
    // Fixed so a failure reproduces; CsCheck prints the shrunk case and its own seed on failure.
    private const string Seed = "0N0XIzNsQ0O2";
    private const int Cases = 6000;

    private readonly ITestOutputHelper _output;
    private readonly ConcurrentDictionary<string, int> _tally = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _validGuests = [];
    private GatewayHost _host = null!;

    public HostileInputPropertyTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync(
        configureEmulator: emulator =>
        {
            emulator.RateLimitPerMinute = 1_000_000; // "Genesys" must not be the limit here
            emulator.ReceivedRequestCapacity = 20_000; // keep every request of the run
        },
        settings: new Dictionary<string, string?>(TestBindingTokens.RequiredSettings())
        {
            // This suite judges input handling, not upstream timing: a loaded machine must not turn a slow valid
            // post into a 504.
            ["Genesys:Resilience:AttemptTimeout"] = "00:01:00",
            ["Genesys:Resilience:TotalBudget"] = "00:02:00",
            // Stalled bodies wait this long for their 408; in-memory valid bodies arrive in microseconds.
            ["Security:RateLimits:BodyReadTimeout"] = "00:00:01",
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_hostile_post_is_a_4xx_problem_nothing_is_sent_and_the_next_valid_post_syncs()
    {
        await HostileCases.All.SampleAsync(PostHostileThenValidAsync, seed: Seed, iter: Cases, threads: 1);

        // The emulator keeps only its latest requests: every PATCH it still holds is one of the valid posts.
        var valid = _validGuests.Select(g => "/api/v2/guests/" + g).ToHashSet(StringComparer.Ordinal);
        Assert.All(_host.Emulator.ReceivedRequests.Where(r => r.Method == "PATCH"), r => Assert.Contains(r.Path, valid));
        Assert.All(_host.Emulator.ReceivedRequests, r => Assert.DoesNotContain(r.Headers.Keys, h => HostileCases.TraceHeaderNames.Contains(h, StringComparer.OrdinalIgnoreCase)));
        foreach (var (key, count) in _tally.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"{key}: {count}");
        }

        Assert.True(_tally.Values.Sum() >= Cases, $"ran {_tally.Values.Sum()} cases");
    }

    private async Task PostHostileThenValidAsync(HostileCase hostile)
    {
        using (var request = hostile.ToRequest())
        using (var response = await _host.Client.SendAsync(request))
        {
            var status = (int)response.StatusCode;
            _tally.AddOrUpdate($"{hostile.Kind} -> {status}", 1, (_, n) => n + 1);
            if (hostile.Headers.Count > 0)
            {
                _tally.AddOrUpdate($"(with browser trace headers) -> {status}", 1, (_, n) => n + 1);
            }
            Assert.True(status is >= 400 and < 500, $"{hostile} answered {status}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var fields = ProfileForms.Valid();
        fields["bindingToken"] = TestBindingTokens.Hs256(fields["guestId"]);
        _validGuests.Add(fields["guestId"]);
        using var validRequest = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(fields) };
        foreach (var (name, value) in hostile.Headers)
        {
            validRequest.Headers.TryAddWithoutValidation(name, value);
        }

        using var valid = await _host.Client.SendAsync(validRequest);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);

        // Recorded as the emulator finishes answering: by the time the valid post is answered, a forwarded hostile one is in the log.
        if (hostile.Guest is { } guest)
        {
            Assert.DoesNotContain(_host.Emulator.ReceivedRequests, r => r.Path.Contains(guest, StringComparison.OrdinalIgnoreCase));
        }
    }
}
