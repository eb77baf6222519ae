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
        // The resilience tests watch the whole chain inside one live attempt: the visitor's wait is the budget, not
        // Delivery:MaxWait (3 s by default). The outbox tests set their own.
        var all = new Dictionary<string, string?> { ["Delivery:MaxWait"] = "00:00:20" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await GatewayHost.StartAsync(emulator => emulator.RateLimitPerMinute = 0, settings: all, timeProvider: time);
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
