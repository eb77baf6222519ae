using GuestSync.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>A gateway and emulator sharing one fake clock, and the posts and observations resilience tests make.</summary>
internal static class FakeTimeGateway
{
    public const string GuestsPath = "/api/v2/guests";

    public static async Task<(GatewayHost Host, FakeTimeProvider Time)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(FakeTimeDriver.Start);
        var host = await GatewayHost.StartAsync(emulator => emulator.RateLimitPerMinute = 0, settings: settings, timeProvider: time);
        return (host, time);
    }

    public static Task<HttpResponseMessage> PostValidAsync(this GatewayHost host, CancellationToken cancellationToken = default) =>
        host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()), cancellationToken);

    public static List<ReceivedRequest> Patches(this GatewayHost host) =>
        [.. host.Emulator.ReceivedRequests.Where(r => r.Method == "PATCH")];

    /// <summary>Polls a condition that real work (not fake time) makes true, for at most five seconds.</summary>
    public static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }
}
