using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Gateway.Tests.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Security.KeyRotation;

/// <summary>
/// Rotates the encryption key set through a config reload (a watched settings file; never the route file) while
/// posts keep flowing: no post fails, and every value Genesys receives decrypts with the key its kid names.
/// </summary>
public sealed class KeyRotationUnderTrafficTests
{
    private static readonly (string Kid, byte[] Key)[] Keys =
        [("2026-01", TestKeySets.NewKey()), ("2026-02", TestKeySets.NewKey()), ("2026-03", TestKeySets.NewKey())];

    private static string SettingsWith(int activeIndex, int keyCount) => new JsonObject
    {
        ["Encryption"] = new JsonObject
        {
            ["KeySet"] = TestKeySets.Json(Keys[..keyCount]),
            ["ActiveKeyId"] = Keys[activeIndex].Kid,
        },
    }.ToJsonString();

    private static async Task ReplaceAsync(string path, string content)
    {
        // Write beside, then rename over: the watcher must never see a half-written file.
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    [Fact]
    public async Task Rotating_keys_under_traffic_fails_no_post_and_every_value_decrypts_with_the_key_its_kid_names()
    {
        await using var host = await GatewayHost.StartAsync(
            configureEmulator: emulator =>
            {
                emulator.ReceivedRequestCapacity = 50_000;
                emulator.RateLimitPerMinute = 1_000_000; // "Genesys" must not be the limit here
            },
            settings: new Dictionary<string, string?> { ["Encryption:KeySet"] = TestKeySets.Json(Keys[..1]), ["Encryption:ActiveKeyId"] = Keys[0].Kid },
            watchSettings: true);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));
                statuses.Add(response.StatusCode);
            }
        })).ToArray();

        await WaitForKidAsync(host, Keys[0].Kid);
        await ReplaceAsync(host.SettingsPath, SettingsWith(activeIndex: 1, keyCount: 2));
        await WaitForKidAsync(host, Keys[1].Kid);
        await ReplaceAsync(host.SettingsPath, SettingsWith(activeIndex: 2, keyCount: 3));
        await WaitForKidAsync(host, Keys[2].Kid);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        var values = EncryptedValues(host).ToList();
        Assert.Equal(statuses.Count * 3, values.Count);
        Assert.All(values, value =>
        {
            var (kid, key) = Keys.Single(k => k.Kid == JweReader.Kid(value.Jwe));
            Assert.Equal(value.Expected, JweReader.Decrypt(value.Jwe, kid, key));
        });
        Assert.Equal(Keys.Select(k => k.Kid), values.Select(v => JweReader.Kid(v.Jwe)).Distinct().Order(StringComparer.Ordinal));
    }

    private static IEnumerable<(string Expected, string Jwe)> EncryptedValues(GatewayHost host)
    {
        var expected = new Dictionary<string, string> { ["/name"] = ProfileForms.Name, ["/email"] = ProfileForms.Email, ["/phone"] = ProfileForms.Phone };
        foreach (var patch in host.Emulator.ReceivedRequests.Where(r => r.Method == "PATCH"))
        {
            foreach (var op in JsonDocument.Parse(patch.Body).RootElement.EnumerateArray())
            {
                if (expected.TryGetValue(op.GetProperty("path").GetString()!, out var plaintext))
                {
                    yield return (plaintext, op.GetProperty("value").GetString()!);
                }
            }
        }
    }

    private static async Task WaitForKidAsync(GatewayHost host, string kid)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!EncryptedValues(host).Reverse().Take(30).Any(value => JweReader.Kid(value.Jwe) == kid))
        {
            await Task.Delay(25, timeout.Token);
        }

        // Let some traffic run on this key before the next rotation.
        var seen = host.Emulator.ReceivedRequests.Count;
        while (host.Emulator.ReceivedRequests.Count < seen + 40)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
