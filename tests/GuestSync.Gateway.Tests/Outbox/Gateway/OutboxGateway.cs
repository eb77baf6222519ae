using System.Net.Http.Json;
using System.Text.Json;
using GuestSync.Emulator;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Outbox.Gateway;

/// <summary>The real gateway over the emulator on one fake clock, with the outbox's default MaxWait (3 s) unless told.</summary>
internal static class OutboxGateway
{
    public const string Guests = FakeTimeGateway.GuestsPath;

    public static async Task<(GatewayHost Host, FakeTimeProvider Time)> StartAsync(
        IDictionary<string, string?>? settings = null, Action<EmulatorOptions>? emulator = null, Action<IServiceCollection>? testServices = null)
    {
        var time = new FakeTimeProvider(FakeTimeDriver.Start);
        // One attempt may take the whole budget: fake time runs much faster than the loopback I/O it waits for.
        var all = new Dictionary<string, string?> { ["Delivery:MaxWait"] = "00:00:03", ["Genesys:Resilience:AttemptTimeout"] = "00:00:20" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await GatewayHost.StartAsync(options =>
        {
            options.RateLimitPerMinute = 0;
            emulator?.Invoke(options);
        }, settings: all, timeProvider: time, testServices: testServices);
        return (host, time);
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string guestId, string name = ProfileForms.Name) =>
        client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(Form(guestId, name)));

    public static Dictionary<string, string> Form(string guestId, string name = ProfileForms.Name)
    {
        var form = ProfileForms.Valid(guestId);
        form["name"] = name;
        return form;
    }

    public static IOutboxStore Store(this GatewayHost host) => host.Factory.Services.GetRequiredService<IOutboxStore>();

    /// <summary>The queued answer: <c>{"status":"queued","guestId":…}</c>.</summary>
    public static async Task AssertQueuedAsync(HttpResponseMessage response, string guestId)
    {
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("queued", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(guestId, body.RootElement.GetProperty("guestId").GetString());
    }

    /// <summary>What Genesys holds for the guest's name, decrypted with the test key.</summary>
    public static string? StoredName(this GatewayHost host, string guestId) =>
        host.Emulator.GetGuest(guestId)?["name"]?.GetValue<string>() is { } jwe ? host.Keys.Decrypt(jwe) : null;

    public static List<ReceivedRequest> PatchesOf(this GatewayHost host, string guestId) =>
        [.. host.Patches().Where(p => p.Path.EndsWith(guestId, StringComparison.Ordinal))];

    public static Task<HttpResponseMessage> ReadyAsync(this GatewayHost host) => host.GetReadinessDetailAsync();

    public static Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonDocument>()!;
}
