using System.Net;
using System.Threading.RateLimiting;
using GuestSync.Gateway.Proxy;
using GuestSync.Gateway.Security.Abuse;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace GuestSync.Gateway.Tests.Security.Abuse;

public sealed class ClientRateLimiterTests
{
    private static readonly Endpoint ProfileSyncEndpoint = new(null, new EndpointMetadataCollection(new RouteModel(
        new RouteConfig
        {
            RouteId = "profile-sync",
            ClusterId = "genesys",
            Transforms = [new Dictionary<string, string> { [GuestProfilePatchTransformFactory.TransformKey] = "default" }],
        },
        cluster: null,
        HttpTransformer.Empty)), "profile-sync");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    private ClientRateLimiter Create(int permits = 3, int maxConcurrent = 2, int maxTrackedClients = 65_536) => new(
        Options.Create(new RateLimitOptions
        {
            PerClient = new WindowLimitOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) },
            MaxConcurrentPerClient = maxConcurrent,
            MaxTrackedClients = maxTrackedClients,
        }),
        _time);

    private static HttpContext Post(string address, bool profileSync = true)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (profileSync)
        {
            context.SetEndpoint(ProfileSyncEndpoint);
        }

        return context;
    }

    [Fact]
    public void Client_over_its_window_is_refused_with_the_time_left_in_it_as_retry_after()
    {
        var limiter = Create(permits: 2, maxConcurrent: 100);
        limiter.AttemptAcquire(Post("192.0.2.10")).Dispose();
        _time.Advance(TimeSpan.FromSeconds(20));
        limiter.AttemptAcquire(Post("192.0.2.10")).Dispose();

        using var refused = limiter.AttemptAcquire(Post("192.0.2.10"));

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(40), wait);
        Assert.True(limiter.AttemptAcquire(Post("192.0.2.11")).IsAcquired);

        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.True(limiter.AttemptAcquire(Post("192.0.2.10")).IsAcquired);
    }

    [Fact]
    public void Client_with_its_share_open_is_refused_without_using_up_its_window_until_one_ends()
    {
        var limiter = Create(permits: 3, maxConcurrent: 2);
        var first = limiter.AttemptAcquire(Post("198.51.100.7"));
        using var second = limiter.AttemptAcquire(Post("198.51.100.7"));

        using (var busy = limiter.AttemptAcquire(Post("198.51.100.7")))
        {
            Assert.False(busy.IsAcquired);
            Assert.False(busy.TryGetMetadata(MetadataName.RetryAfter, out _));
        }

        first.Dispose();
        first.Dispose(); // the middleware may dispose twice; one release only
        using var third = limiter.AttemptAcquire(Post("198.51.100.7"));
        Assert.True(third.IsAcquired);

        // Three posts counted (the busy one was not): the window is full now, whatever is open.
        using var fourth = limiter.AttemptAcquire(Post("198.51.100.7"));
        Assert.False(fourth.IsAcquired);
        Assert.True(fourth.TryGetMetadata(MetadataName.RetryAfter, out _));
    }

    [Theory]
    [InlineData("203.0.113.5", "::ffff:203.0.113.5")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff")]
    public void Addresses_of_one_client_share_its_window(string address, string sameClient)
    {
        var limiter = Create(permits: 1, maxConcurrent: 100);
        Assert.Equal(ClientKey.Of(IPAddress.Parse(address)), ClientKey.Of(IPAddress.Parse(sameClient)));

        Assert.True(limiter.AttemptAcquire(Post(address)).IsAcquired);
        Assert.False(limiter.AttemptAcquire(Post(sameClient)).IsAcquired);
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    [InlineData("0.0.0.1", "::1")]
    [InlineData("0.0.0.0", "::")]
    public void Addresses_of_different_clients_never_share_a_key(string address, string otherClient)
    {
        Assert.NotEqual(ClientKey.Of(IPAddress.Parse(address)), ClientKey.Of(IPAddress.Parse(otherClient)));
        Assert.NotEqual(ClientKey.Of(null), ClientKey.Of(IPAddress.Parse(address)));
    }

    [Fact]
    public void Other_endpoints_pass_without_counting()
    {
        var limiter = Create(permits: 1, maxConcurrent: 1);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.AttemptAcquire(Post("192.0.2.20", profileSync: false)).IsAcquired);
        }

        Assert.True(limiter.AttemptAcquire(Post("192.0.2.20")).IsAcquired);
    }

    [Fact]
    public void Table_is_fixed_at_start_however_many_addresses_post_and_none_is_refused_wrongly()
    {
        var limiter = Create(permits: 1, maxConcurrent: 1, maxTrackedClients: 1024);

        for (var i = 0; i < 50_000; i++)
        {
            using var lease = limiter.AttemptAcquire(Post($"2001:db8:{i >> 16:x}:{i & 0xffff:x}::1"));
            Assert.True(lease.IsAcquired);
        }

        Assert.InRange(limiter.ForgottenEarly, 50_000 - 1024, 50_000);
    }

    [Fact]
    public void A_window_given_away_while_its_posts_are_open_ignores_their_release()
    {
        // One group of eight windows, each holding an open post: a ninth client takes the oldest.
        var limiter = Create(permits: 5, maxConcurrent: 1, maxTrackedClients: WindowTable.Ways);
        var open = new List<RateLimitLease>();
        for (var i = 0; i < WindowTable.Ways; i++)
        {
            open.Add(limiter.AttemptAcquire(Post($"192.0.2.{i + 1}")));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        using var newcomer = limiter.AttemptAcquire(Post("198.51.100.1"));
        Assert.True(newcomer.IsAcquired);
        Assert.Equal(1, limiter.ForgottenEarly);

        open[0].Dispose();
        Assert.False(limiter.AttemptAcquire(Post("198.51.100.1")).IsAcquired); // still one open: its own
        Assert.True(limiter.AttemptAcquire(Post("192.0.2.1")).IsAcquired); // forgotten early: starts afresh
    }
}
