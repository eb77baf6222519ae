using System.Net;
using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Security.Redaction;
using GuestSync.Gateway.Tests.Idempotency;
using GuestSync.Gateway.Tests.Infrastructure;
using GuestSync.Gateway.Tests.Outbox.Gateway;
using GuestSync.Gateway.Tests.Security.BindingTokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestSync.Gateway.Tests.Answers;

/// <summary>
/// Every submission ends in exactly one Information line (event 1100; event 1101 when a queued one ends in the outbox)
/// with its outcome, status, profile, org, guest hash, sends, duration and both correlation ids, and nothing personal.
/// The real gateway over the emulator; each test reads the lines its own gateway logged.
/// </summary>
public sealed class SubmissionLogTests
{
    private const string Path = "/api/profile-sync";
    private const string Guests = FakeTimeGateway.GuestsPath;

    [Fact]
    public async Task A_synced_post_ends_in_one_line_with_the_guest_hash_and_both_correlation_ids()
    {
        await using var host = await GatewayHost.StartAsync();
        var form = Form();

        using var response = await host.Client.PostAsync(Path, ProfileForms.UrlEncoded(form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patch = Assert.Single(host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        var line = Assert.Single(Answered(host));
        AssertLine(host, line, "synced", 200, form["guestId"], CorrelationOf(response), patch.CorrelationId);
        Assert.Equal(1, line.Properties["Attempts"]);
        AssertNothingPersonal(host, form);
    }

    [Fact]
    public async Task A_post_queued_during_an_outage_ends_in_one_queued_line_naming_the_last_genesys_answer()
    {
        var (host, time) = await OutboxGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.FailNext(Guests, 503, count: 10_000);
        var form = Form();

        using var response = await time.DriveAsync(host.Client.PostAsync(Path, ProfileForms.UrlEncoded(form)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var failed = host.PatchesOf(form["guestId"]);
        Assert.NotEmpty(failed);
        // Every send was answered 503, except one Delivery:MaxWait cut off before its answer (recorded with status 0).
        Assert.All(failed, p => Assert.Contains(p.Status, new[] { 503, 0 }));
        var answered = failed.Where(p => p.Status == 503).ToList();
        Assert.NotEmpty(answered);
        var line = Assert.Single(Answered(host));
        AssertLine(host, line, "queued", 202, form["guestId"], CorrelationOf(response), genesysCorrelationId: null);
        Assert.Contains((string)line.Properties["GenesysCorrelationId"]!, answered.Select(p => p.CorrelationId));
        // A send cut off by Delivery:MaxWait may not have reached the emulator's record.
        Assert.InRange((int)line.Properties["Attempts"]!, failed.Count, failed.Count + 1);
        Assert.DoesNotContain("without a live send", (string)line.Properties["Reason"]!, StringComparison.Ordinal);
        AssertNothingPersonal(host, form);
    }

    [Fact]
    public async Task A_queued_post_delivered_later_ends_in_one_outbox_line_with_the_queueing_requests_correlation_id()
    {
        var (host, time) = await OutboxGateway.StartAsync();
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        var form = Form();
        using var queued = await time.DriveAsync(host.Client.PostAsync(Path, ProfileForms.UrlEncoded(form)));
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);

        host.Emulator.Faults.TokenEndpointDown = false;
        await time.DriveUntilAsync(() => Ended(host).Any(), step: TimeSpan.FromSeconds(1));

        var delivered = Assert.Single(host.PatchesOf(form["guestId"]), p => p.Status == 200);
        var line = Assert.Single(Ended(host));
        Assert.Equal(("QueuedSubmissionEnded", LogLevel.Information), (line.EventId.Name, line.Level));
        AssertFields(host, line, "delivered", 200, form["guestId"], CorrelationOf(queued), delivered.CorrelationId);
        Assert.Equal(1, line.Properties["Attempts"]);
        Assert.True((double)line.Properties["DurationMs"]! > 0);
        var answered = Assert.Single(Answered(host));
        Assert.Equal(("queued", 0, null), (answered.Properties["Outcome"], answered.Properties["Attempts"], answered.Properties["GenesysCorrelationId"]));
        AssertNothingPersonal(host, form);
    }

    [Fact]
    public async Task Invalid_cross_site_and_wrongly_bound_posts_each_end_in_one_refused_line_and_reach_no_genesys()
    {
        await using var host = await GatewayHost.StartAsync(settings: TestBindingTokens.RequiredSettings());
        var invalid = Form();
        invalid["email"] = "zq.obslog.invalid@@example.net";
        using var invalidAnswer = await host.Client.PostAsync(Path, ProfileForms.UrlEncoded(invalid));

        var crossSite = Form();
        using var crossSiteRequest = new HttpRequestMessage(HttpMethod.Post, Path) { Content = ProfileForms.UrlEncoded(crossSite) };
        crossSiteRequest.Headers.Add("Origin", "https://elsewhere.example");
        using var crossSiteAnswer = await host.Client.SendAsync(crossSiteRequest);

        var otherGuest = Form();
        otherGuest["bindingToken"] = TestBindingTokens.Hs256(Guid.NewGuid().ToString());
        using var boundAnswer = await host.Client.PostAsync(Path, ProfileForms.UrlEncoded(otherGuest));

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [invalidAnswer.StatusCode, crossSiteAnswer.StatusCode, boundAnswer.StatusCode]);
        Assert.Equal(3, Answered(host).Count);
        // Not validated: no guest hash is made from what was posted.
        AssertLine(host, LineOf(host, invalidAnswer), "refused", 400, guestId: null, CorrelationOf(invalidAnswer), genesysCorrelationId: null);
        AssertLine(host, LineOf(host, crossSiteAnswer), "refused", 403, guestId: null, CorrelationOf(crossSiteAnswer), genesysCorrelationId: null);
        AssertLine(host, LineOf(host, boundAnswer), "refused", 403, otherGuest["guestId"], CorrelationOf(boundAnswer), genesysCorrelationId: null);
        Assert.All(Answered(host), line => Assert.Equal(0, line.Properties["Attempts"]));
        Assert.DoesNotContain(host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        AssertNothingPersonal(host, invalid, crossSite, otherGuest);
    }

    [Fact]
    public async Task An_unknown_guest_ends_in_one_rejected_line_with_genesys_404_correlation_id()
    {
        await using var host = await GatewayHost.StartAsync(emulator => emulator.CreateGuestsOnFirstWrite = false);
        var form = Form();

        using var response = await host.Client.PostAsync(Path, ProfileForms.UrlEncoded(form));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var patch = Assert.Single(host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        Assert.Equal(404, patch.Status);
        var line = Assert.Single(Answered(host));
        AssertLine(host, line, "rejected", 404, form["guestId"], CorrelationOf(response), patch.CorrelationId);
        Assert.Equal(1, line.Properties["Attempts"]);
        AssertNothingPersonal(host, form);
    }

    [Fact]
    public async Task A_post_given_up_after_retries_that_the_full_store_cannot_keep_ends_in_one_failed_line()
    {
        var (host, time) = await OutboxGateway.StartAsync(new Dictionary<string, string?> { ["Delivery:MaxPending"] = "1" });
        await using var _ = host;
        host.Emulator.Faults.TokenEndpointDown = true;
        using (var filler = await time.DriveAsync(host.Client.PostAsync(Guid.NewGuid().ToString())))
        {
            Assert.Equal(HttpStatusCode.Accepted, filler.StatusCode);
        }

        host.Emulator.Faults.TokenEndpointDown = false;
        host.Emulator.Faults.FailNext(Guests, 503, count: 10_000);
        var form = Form();
        using var response = await time.DriveAsync(host.Client.PostAsync(Path, ProfileForms.UrlEncoded(form)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var failed = host.PatchesOf(form["guestId"]);
        Assert.NotEmpty(failed);
        var line = LineOf(host, response);
        AssertLine(host, line, "failed", 503, form["guestId"], CorrelationOf(response), genesysCorrelationId: null);
        Assert.Contains((string)line.Properties["GenesysCorrelationId"]!, failed.Select(p => p.CorrelationId));
        Assert.InRange((int)line.Properties["Attempts"]!, failed.Count, failed.Count + 1);
        Assert.Equal(2, Answered(host).Count);
        AssertNothingPersonal(host, form);
    }

    [Fact]
    public async Task A_repeat_with_an_idempotency_key_ends_in_one_replayed_line_and_sends_nothing()
    {
        await using var host = await GatewayHost.StartAsync();
        var form = Form();
        var key = Guid.NewGuid().ToString();
        using var first = await host.Client.PostWithHeaderAsync(form, key);
        using var again = await host.Client.PostWithHeaderAsync(form, key);

        Assert.True(again.IsReplayed());
        Assert.Single(host.Emulator.ReceivedRequests, r => r.Method == "PATCH");
        AssertLine(host, LineOf(host, first), "synced", 200, form["guestId"], CorrelationOf(first), host.Emulator.ReceivedRequests.Single(r => r.Method == "PATCH").CorrelationId);
        var replayed = LineOf(host, again);
        AssertLine(host, replayed, "replayed", 200, form["guestId"], CorrelationOf(again), genesysCorrelationId: null);
        Assert.Equal(0, replayed.Properties["Attempts"]);
        AssertNothingPersonal(host, form);
    }

    [Theory]
    [InlineData("synced", 200, true, "synced")]
    [InlineData("queued", 202, true, "queued")]
    [InlineData("queued", 202, false, "queued")]
    [InlineData("invalid", 400, false, "refused")]
    [InlineData("refused", 429, false, "refused")]
    [InlineData("key_reused", 422, false, "refused")]
    [InlineData("in_progress", 409, false, "refused")]
    [InlineData("unavailable", 503, false, "refused")] // busy, store full before any send, key store down
    [InlineData("unavailable", 503, true, "failed")] // Genesys could not take it and it could not be queued
    [InlineData("rejected", 422, true, "rejected")]
    [InlineData("not_found", 404, true, "rejected")]
    [InlineData("timeout", 504, true, "failed")]
    [InlineData("failed", 502, true, "failed")]
    public void Each_answer_maps_to_the_outcome_an_operator_reads(string answerOutcome, int status, bool forwarded, string expected) =>
        Assert.Equal(expected, SubmissionLog.OutcomeOf(new SyncAnswer(status, answerOutcome, "Title"), forwarded));

    private static Dictionary<string, string> Form()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        return new Dictionary<string, string>
        {
            ["guestId"] = Guid.NewGuid().ToString(),
            ["name"] = $"Zebedee Obslog{marker}",
            ["email"] = $"zq.{marker}@example.net",
            ["phone"] = "+447700900555",
        };
    }

    private static List<CapturedLog> Answered(GatewayHost host) => [.. host.Factory.Logs.Entries.Where(e => e.EventId.Id == 1100)];

    private static List<CapturedLog> Ended(GatewayHost host) => [.. host.Factory.Logs.Entries.Where(e => e.EventId.Id == 1101)];

    private static string CorrelationOf(HttpResponseMessage response) => response.Headers.GetValues("X-Correlation-Id").Single();

    private static CapturedLog LineOf(GatewayHost host, HttpResponseMessage response) =>
        Assert.Single(Answered(host), line => (string?)line.Properties["CorrelationId"] == CorrelationOf(response));

    /// <summary>A request's line; <paramref name="genesysCorrelationId"/> null: none expected, unless the test checks it itself.</summary>
    private static void AssertLine(GatewayHost host, CapturedLog line, string outcome, int status, string? guestId, string correlationId, string? genesysCorrelationId)
    {
        Assert.Equal(("SubmissionAnswered", LogLevel.Information), (line.EventId.Name, line.Level));
        AssertFields(host, line, outcome, status, guestId, correlationId, genesysCorrelationId);
    }

    private static void AssertFields(GatewayHost host, CapturedLog line, string outcome, int status, string? guestId, string correlationId, string? genesysCorrelationId)
    {
        var properties = line.Properties;
        Assert.Equal(outcome, properties["Outcome"]);
        Assert.Equal(status, properties["Status"]);
        Assert.Equal("default", properties["Profile"]);
        Assert.Equal("default", properties["Org"]);
        Assert.Equal(correlationId, properties["CorrelationId"]);
        Assert.False(string.IsNullOrEmpty((string?)properties["Reason"]));
        Assert.IsType<double>(properties["DurationMs"]);
        Assert.True((double)properties["DurationMs"]! >= 0);
        Assert.IsType<int>(properties["Attempts"]);
        var expectedHash = guestId is null ? null : host.Factory.Services.GetRequiredService<GuestLogIds>().For(guestId);
        Assert.Equal(expectedHash, properties["GuestHash"]);
        if (genesysCorrelationId is not null)
        {
            Assert.Equal(genesysCorrelationId, properties["GenesysCorrelationId"]);
        }
        else if (outcome is not ("queued" or "failed"))
        {
            Assert.Null(properties["GenesysCorrelationId"]);
        }

        Assert.Null(line.Exception);
    }

    /// <summary>No captured line (any level, any category), formatted or as a property, holds a submitted value or a token.</summary>
    private static void AssertNothingPersonal(GatewayHost host, params Dictionary<string, string>[] forms)
    {
        var secrets = forms.SelectMany(form => form.Values)
            .Concat(host.Emulator.ReceivedRequests.Select(r => r.BearerToken).OfType<string>())
            .Append(GatewayHost.ClientSecret)
            .Where(value => value.Length >= 6)
            .Distinct()
            .ToList();
        var texts = host.Factory.Logs.Entries
            .SelectMany(e => e.Properties.Values.Select(v => v?.ToString() ?? string.Empty).Append(e.Message))
            .ToList();
        Assert.NotEmpty(texts);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
