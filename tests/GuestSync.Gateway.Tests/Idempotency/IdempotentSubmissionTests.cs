using System.Net;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GuestSync.Gateway.Tests.Idempotency;

/// <summary>The gateway end to end over the emulator, with its SQLite store: what a keyed repeat costs Genesys and gets.</summary>
public sealed class IdempotentSubmissionTests
{
    private const string Guests = "/api/v2/guests";

    [Fact]
    public async Task Same_key_twice_sends_one_patch_and_gives_two_identical_answers()
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ProfileForms.Valid();

        using var first = await host.Client.PostWithHeaderAsync(fields, "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
        using var second = await host.Client.PostWithHeaderAsync(fields, "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.AnswerAsync(), await second.AnswerAsync());
        Assert.False(first.IsReplayed());
        Assert.True(second.IsReplayed());
        Assert.Equal("no-store", second.Headers.CacheControl?.ToString());
        Assert.Single(host.Patches());
    }

    [Fact]
    public async Task Quoted_and_bare_forms_of_a_key_are_the_same_key()
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ProfileForms.Valid();

        using var quoted = await host.Client.PostWithHeaderAsync(fields, "\"abc-123\"");
        using var bare = await host.Client.PostWithHeaderAsync(fields, "abc-123");

        Assert.True(bare.IsReplayed());
        Assert.Single(host.Patches());
    }

    [Fact]
    public async Task Key_in_the_form_field_works_like_the_header_and_is_never_sent_to_Genesys()
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ProfileForms.Valid();
        const string Key = "form-view-4f0c2b";

        using var first = await host.Client.PostWithFieldAsync(fields, Key);
        using var second = await host.Client.PostWithFieldAsync(fields, Key);
        using var byHeader = await host.Client.PostWithHeaderAsync(fields, Key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.AnswerAsync(), await second.AnswerAsync());
        Assert.True(second.IsReplayed());
        Assert.True(byHeader.IsReplayed());
        var patch = Assert.Single(host.Patches());
        var sent = Encoding.UTF8.GetString(patch.Body);
        Assert.DoesNotContain("submissionId", sent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, sent, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, patch.Path + patch.Query, StringComparison.Ordinal);
        Assert.All(patch.Headers.Values, value => Assert.DoesNotContain(Key, value, StringComparison.Ordinal));
        var paths = JsonDocument.Parse(patch.Body).RootElement.EnumerateArray().Select(op => op.GetProperty("path").GetString()!).ToArray();
        Assert.Equal(["/name", "/email", "/phone", "/lastUpdated"], paths);
    }

    [Fact]
    public async Task Form_field_name_is_configurable_per_profile()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?> { ["Profiles:default:IdempotencyField"] = "formToken" });
        var fields = ProfileForms.Valid();

        using var first = await host.Client.PostWithFieldAsync(fields, "view-1", field: "formToken");
        using var second = await host.Client.PostWithFieldAsync(fields, "view-1", field: "formToken");

        Assert.True(second.IsReplayed());
        Assert.Single(host.Patches());
    }

    [Fact]
    public async Task Same_key_with_a_changed_email_is_422_and_sends_nothing()
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ProfileForms.Valid();
        using var first = await host.Client.PostWithHeaderAsync(fields, "key-1");
        host.Emulator.ClearReceivedRequests();

        var changed = new Dictionary<string, string>(fields) { ["email"] = "other@example.org" };
        using var second = await host.Client.PostWithHeaderAsync(changed, "key-1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var body = await second.Content.ReadAsStringAsync();
        Assert.Contains("different submission", body, StringComparison.Ordinal);
        Assert.DoesNotContain("other@example.org", body, StringComparison.Ordinal);
        Assert.False(second.IsReplayed());
        Assert.Empty(host.Patches());
    }

    [Fact]
    public async Task Same_values_spelled_differently_are_the_same_submission()
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ProfileForms.Valid();
        using var first = await host.Client.PostWithHeaderAsync(fields, "key-1");

        // The validator trims and normalizes phone numbers: the patch would be the same.
        var respelled = new Dictionary<string, string>(fields) { ["phone"] = "+44 1234 567-890", ["name"] = "  " + ProfileForms.Name + " " };
        using var second = await host.Client.PostWithHeaderAsync(respelled, "key-1");

        Assert.True(second.IsReplayed());
        Assert.Single(host.Patches());
    }

    [Fact]
    public async Task Concurrent_repeats_send_one_patch_and_the_others_get_409_with_Retry_After()
    {
        await using var host = await GatewayHost.StartAsync();
        using (var warm = await host.Client.PostAsync(KeyedPosts.Path, ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode); // the token is cached: only the PATCH is slow below
        }

        host.Emulator.ClearReceivedRequests();
        host.Emulator.Faults.Latency = TimeSpan.FromMilliseconds(700);
        var fields = ProfileForms.Valid();
        var first = host.Client.PostWithHeaderAsync(fields, "double-click");
        await FakeTimeGateway.WaitForAsync(() => PendingClaims(host) > 0);
        var repeats = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Client.PostWithHeaderAsync(fields, "double-click")));
        using var answered = await first;

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.All(repeats, r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta);
        });
        Assert.Single(host.Patches());

        host.Emulator.Faults.Latency = TimeSpan.Zero;
        using var afterwards = await host.Client.PostWithHeaderAsync(fields, "double-click");
        Assert.True(afterwards.IsReplayed());
        Assert.Equal(await answered.AnswerAsync(), await afterwards.AnswerAsync());
        Assert.Single(host.Patches());
    }

    [Fact]
    public async Task A_503_first_answer_is_replayed_with_its_Retry_After_and_nothing_more_is_sent()
    {
        // An outbox with room for one guest: the second guest's post can be neither sent (Genesys is cooling down) nor
        // stored, so it is answered 503 with Retry-After.
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?> { ["Delivery:MaxPending"] = "1" });
        host.Emulator.Faults.FailNext(Guests, 429, retryAfter: "120");
        using (var occupying = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.Accepted, occupying.StatusCode);
        }

        var fields = ProfileForms.Valid();
        using var first = await host.Client.PostWithHeaderAsync(fields, "retry-me");
        using var second = await host.Client.PostWithHeaderAsync(fields, "retry-me");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.NotNull(first.Headers.RetryAfter);
        Assert.Equal(await first.AnswerAsync(), await second.AnswerAsync());
        Assert.True(second.IsReplayed());
        Assert.Single(host.Patches());
    }

    [Fact]
    public async Task Keys_of_one_profile_do_not_answer_another()
    {
        const string TwoRoutes = """
            {
              "ReverseProxy": {
                "Routes": {
                  "shop": { "ClusterId": "genesys", "Match": { "Path": "/shop/profile-sync" }, "Transforms": [ { "GuestProfilePatch": "default" } ] },
                  "club": { "ClusterId": "genesys", "Match": { "Path": "/club/profile-sync" }, "Transforms": [ { "GuestProfilePatch": "club" } ] }
                },
                "Clusters": { "genesys": { "Metadata": { "GenesysOrg": "default" } } }
              }
            }
            """;
        await using var host = await GatewayHost.StartAsync(proxyJson: TwoRoutes, settings: new Dictionary<string, string?>
        {
            ["Profiles:club:Fields:name:Target"] = "/name",
            ["Profiles:club:Fields:email:Target"] = "/email",
            ["Profiles:club:Fields:email:Format"] = "Email",
            ["Profiles:club:Fields:phone:Target"] = "/phone",
            ["Profiles:club:Fields:phone:Format"] = "PhoneE164",
        });
        var fields = ProfileForms.Valid();

        using var shop = await host.Client.PostWithHeaderAsync(fields, "shared-key", "/shop/profile-sync");
        using var club = await host.Client.PostWithHeaderAsync(fields, "shared-key", "/club/profile-sync");
        using var otherGuest = await host.Client.PostWithHeaderAsync(ProfileForms.Valid(), "shared-key", "/shop/profile-sync");

        Assert.All([shop, club, otherGuest], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.False(club.IsReplayed());
        Assert.False(otherGuest.IsReplayed());
        Assert.Equal(3, host.Patches().Count);
    }

    [Fact]
    public async Task Without_a_key_every_post_is_sent_as_before()
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ProfileForms.Valid();

        using var first = await host.Client.PostAsync(KeyedPosts.Path, ProfileForms.UrlEncoded(fields));
        using var second = await host.Client.PostAsync(KeyedPosts.Path, ProfileForms.UrlEncoded(fields));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(second.IsReplayed());
        Assert.Equal(2, host.Patches().Count);
        Assert.Equal(0L, StoredKeys(host));
    }

    public static TheoryData<string> BadHeaders => new()
    {
        new string('k', 256),
        "\"" + new string('k', 256) + "\"",
        "\"caf\u00e9\"",
        "\"\"",
        "\"unterminated",
        "\"a\" ; p=1",
        "\"a\", \"b\"",
        "two words",
        "\"bad \\n escape\"",
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task A_bad_key_header_is_400_problem_json_and_sends_nothing(string header)
    {
        await using var host = await GatewayHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, KeyedPosts.Path) { Content = ProfileForms.UrlEncoded(ProfileForms.Valid()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(header)));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Patches());
    }

    [Fact]
    public async Task Two_key_headers_or_a_header_and_a_different_field_are_400()
    {
        await using var host = await GatewayHost.StartAsync();
        using var twice = new HttpRequestMessage(HttpMethod.Post, KeyedPosts.Path) { Content = ProfileForms.UrlEncoded(ProfileForms.Valid()) };
        twice.Headers.TryAddWithoutValidation("Idempotency-Key", ["a", "b"]);
        using var both = new HttpRequestMessage(HttpMethod.Post, KeyedPosts.Path)
        {
            Content = ProfileForms.UrlEncoded(new Dictionary<string, string>(ProfileForms.Valid()) { ["submissionId"] = "b" }),
        };
        both.Headers.TryAddWithoutValidation("Idempotency-Key", "a");

        using var twiceAnswer = await host.Client.SendAsync(twice);
        using var bothAnswer = await host.Client.SendAsync(both);

        Assert.Equal(HttpStatusCode.BadRequest, twiceAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bothAnswer.StatusCode);
        Assert.Contains("submissionId", await bothAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Patches());
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("caf\u00e9")]
    public async Task A_bad_key_field_is_400_naming_the_field(string key)
    {
        await using var host = await GatewayHost.StartAsync();

        using var response = await host.Client.PostWithFieldAsync(ProfileForms.Valid(), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("submissionId", out _));
        Assert.Empty(host.Patches());
    }

    [Fact]
    public async Task A_255_character_key_is_accepted()
    {
        await using var host = await GatewayHost.StartAsync();
        var key = new string('k', 254) + "~";

        using var first = await host.Client.PostWithHeaderAsync(ProfileForms.Valid(), key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1L, StoredKeys(host));
    }

    [Fact]
    public async Task The_store_holds_no_submitted_value_guest_id_or_key_in_its_bytes()
    {
        await using var host = await GatewayHost.StartAsync(emulator => emulator.CreateGuestsOnFirstWrite = true);
        const string Key = "key-visible-nowhere-7c1e";
        var fields = new Dictionary<string, string>
        {
            ["guestId"] = "0b8f3a52-6a7e-4d3c-9f1a-2d6e8c4b7a19",
            ["name"] = "Grace Brewster Hopper",
            ["email"] = "grace.hopper@navy.example",
            ["phone"] = "+12025550147",
        };
        using var synced = await host.Client.PostWithHeaderAsync(fields, Key);
        using var rejected = await host.Client.PostWithHeaderAsync(new Dictionary<string, string>(fields) { ["email"] = "g.hopper@navy.example" }, Key);
        Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Equal(1L, StoredKeys(host));

        var stored = StoreBytes(host);

        Assert.NotEmpty(stored);
        foreach (var secret in new[] { fields["name"], fields["email"], "g.hopper@navy.example", fields["phone"], "2025550147", Key })
        {
            Assert.Equal(-1, IndexOf(stored, Encoding.UTF8.GetBytes(secret)));
            Assert.Equal(-1, IndexOf(stored, Encoding.Unicode.GetBytes(secret)));
        }
    }

    /// <summary>The store file and its write-ahead log, byte for byte, with the gateway still running.</summary>
    private static byte[] StoreBytes(GatewayHost host)
    {
        using var all = new MemoryStream();
        foreach (var file in new[] { host.StoreFile, host.StoreFile + "-wal" })
        {
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.CopyTo(all);
            }
        }

        return all.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static long StoredKeys(GatewayHost host)
    {
        using var connection = new SqliteConnection($"Data Source={host.StoreFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM idempotency_keys";
        return (long)command.ExecuteScalar()!;
    }

    private static long PendingClaims(GatewayHost host)
    {
        using var connection = new SqliteConnection($"Data Source={host.StoreFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM idempotency_keys WHERE completed = 0";
        return (long)command.ExecuteScalar()!;
    }
}
