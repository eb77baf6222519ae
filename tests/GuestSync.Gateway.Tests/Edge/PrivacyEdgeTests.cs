using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Tests.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>Key usage is counted and warned about before the GCM nonce limit; the seed envelope can bind its context; /readyz tells the public only a summary.</summary>
public sealed class PrivacyEdgeTests
{
    [Fact]
    public async Task Encryptions_are_counted_per_key_and_warned_about_at_the_configured_count()
    {
        var kid = "usage-" + Guid.NewGuid().ToString("N")[..12];
        var key = TestKeySets.NewKey();
        var counted = new ConcurrentBag<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "GuestSync.Gateway" && instrument.Name == "guestsync.encryption.values")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "kid" && Equals(tag.Value, kid))
                {
                    counted.Add(value);
                }
            }
        });
        listener.Start();
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = TestKeySets.Json((kid, key)),
            ["Encryption:ActiveKeyId"] = kid,
            ["Encryption:KeyUsageWarningAt"] = "5",
        });

        for (var i = 0; i < 2; i++)
        {
            using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(6, counted.Sum());
        var warning = Assert.Single(host.Factory.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(kid, StringComparison.Ordinal));
        Assert.Contains("rotate", warning.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Seed_envelope_with_context_binds_each_value_to_its_field_and_guest()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Profiles:default:Envelope"] = "SeedCompatibleWithContext",
        });
        var guest = Guid.NewGuid().ToString();

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid(guest)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var email = JsonDocument.Parse(host.Patches()[0].Body).RootElement.EnumerateArray().First(op => op.GetProperty("path").GetString() == "/email");
        var raw = Convert.FromBase64String(email.GetProperty("value").GetString()!);
        Assert.Equal(ProfileForms.Email, DecryptSeed(raw, host.Keys.Key, "/email", guest));
        Assert.Throws<AuthenticationTagMismatchException>(() => DecryptSeed(raw, host.Keys.Key, "/name", guest));
        Assert.Throws<AuthenticationTagMismatchException>(() => DecryptSeed(raw, host.Keys.Key, "/email", Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task Public_readyz_is_a_summary_and_the_operator_key_shows_the_detail()
    {
        const string operatorKey = "operator-key-for-tests-0123456789abcdef";
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?> { ["Health:OperatorKey"] = operatorKey });
        using (var warm = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using var anonymous = await host.Client.GetAsync("/readyz");
        var summary = await anonymous.Content.ReadAsStringAsync();
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");
        using var wrongAnswer = await host.Client.SendAsync(wrong);
        var wrongBody = await wrongAnswer.Content.ReadAsStringAsync();
        using var operatorRequest = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        operatorRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var detailed = await host.Client.SendAsync(operatorRequest);
        var detail = await detailed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        using var json = JsonDocument.Parse(summary);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("genesys").GetProperty("status").GetString());
        Assert.DoesNotContain("default", summary, StringComparison.Ordinal);
        Assert.Equal(summary, wrongBody);
        Assert.Contains("\"default.token\":\"valid\"", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(operatorKey, detail, StringComparison.Ordinal);
    }

    private static string DecryptSeed(byte[] raw, byte[] key, string field, string guest)
    {
        var nonce = raw[..12];
        var tag = raw[^16..];
        var ciphertext = raw[12..^16];
        var plaintext = new byte[ciphertext.Length];
        var associatedData = Encoding.UTF8.GetBytes(field + "\0" + guest);
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
        return Encoding.UTF8.GetString(plaintext);
    }
}
