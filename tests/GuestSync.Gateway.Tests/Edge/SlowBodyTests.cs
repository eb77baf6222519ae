using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>
/// Clients that trickle their bodies cannot starve others: real Kestrel on 127.0.0.1 (TestServer has no slow
/// sockets), slow clients on 127.0.0.1, a well-behaved client on 127.0.0.2.
/// </summary>
public sealed class SlowBodyTests
{
    [Fact]
    public async Task Clients_trickling_their_bodies_do_not_starve_posts_from_another_address()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var factory = host.NewFactory(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Security:RateLimits:MaxConcurrentRequests"] = "4",
            ["Security:RateLimits:MaxConcurrentPerClient"] = "2",
            ["Security:RateLimits:BodyReadTimeout"] = "00:00:02",
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var slow = Enumerable.Range(0, 4).Select(_ => TrickleAsync(address, overall.Token)).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(500), overall.Token);

        using var other = OtherAddressClient(address);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await other.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()), overall.Token);
            statuses.Add(response.StatusCode);
        }

        var slowStatuses = await Task.WhenAll(slow);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        // Two are over the client's share at once (429); the two let in are cut off at the body deadline (408).
        Assert.Equal(2, slowStatuses.Count(s => s == 429));
        Assert.Equal(2, slowStatuses.Count(s => s == 408));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    /// <summary>Declares a 2,000-byte form and sends 10 bytes a second; returns the status the gateway answered with.</summary>
    private static async Task<int> TrickleAsync(Uri address, CancellationToken cancel)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, address.Port, cancel);
        var stream = tcp.GetStream();
        var head = $"POST /api/profile-sync HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancel);
        var reading = ReadStatusAsync(stream, cancel);
        for (var i = 0; i < 200 && !reading.IsCompleted; i++)
        {
            try
            {
                await stream.WriteAsync("a"u8.ToArray(), cancel);
            }
            catch (IOException)
            {
                break; // the gateway answered and closed
            }

            await Task.WhenAny(reading, Task.Delay(100, cancel));
        }

        return await reading;
    }

    private static async Task<int> ReadStatusAsync(NetworkStream stream, CancellationToken cancel)
    {
        var buffer = new byte[64];
        var length = 0;
        while (length < 12)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancel);
            if (read == 0)
            {
                return 0;
            }

            length += read;
        }

        return int.Parse(Encoding.ASCII.GetString(buffer, 9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static HttpClient OtherAddressClient(Uri address)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
    }
}
