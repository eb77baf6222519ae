using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>What tests that run the gateway as a child process share: a free loopback port and waiting for <c>/healthz</c>.</summary>
internal static class ChildGateway
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <c>/healthz</c> until it answers 2xx; fails if the process exits first or <paramref name="bound"/> passes.</summary>
    public static async Task WaitReadyAsync(HttpClient client, Process process, TimeSpan bound)
    {
        var until = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < until)
        {
            Assert.False(process.HasExited, $"the gateway exited with {(process.HasExited ? process.ExitCode : 0)} before it was ready");
            try
            {
                using var health = await client.GetAsync("/healthz");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail("the gateway did not become healthy in time");
    }
}
