using System.Net;
using System.Text.Json;
using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Security.Abuse;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>One guest, one spelling: the guest id is canonical from validation on.</summary>
public sealed class GuestIdCanonicalTests
{
    private const string Canonical = "0f1c2b7e-004a-4c59-9a57-3a8f2f0c1d2e";

    public static TheoryData<string> LaxSpellings => new()
    {
        "+f1c2b7e-004a-4c59-9a57-3a8f2f0c1d2e",
        "0f1c2b7e-0x4a-4c59-9a57-3a8f2f0c1d2e",
        "0f1c2b7e-+04a-4c59-9a57-3a8f2f0c1d2e",
        "0f1c2b7e-0X4A-4c59-9a57-3a8f2f0c1d2e",
        "0x1c2b7e-004a-4c59-9a57-3a8f2f0c1d2e",
    };

    [Theory]
    [MemberData(nameof(LaxSpellings))]
    public void Uuid_spelled_with_plus_or_0x_inside_a_group_is_refused(string spelling)
    {
        var result = new SubmissionValidator().Validate(ProfileForms.Valid(spelling), new ProfileOptions());

        Assert.Null(result.Submission);
        Assert.Contains("guestId", result.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Uppercase_uuid_is_accepted_as_its_lowercase_form()
    {
        var result = new SubmissionValidator().Validate(ProfileForms.Valid(Canonical.ToUpperInvariant()), new ProfileOptions());

        Assert.Equal(Canonical, result.Submission!.GuestId);
    }

    [Fact]
    public async Task Uppercase_uuid_reaches_genesys_and_the_envelope_in_lowercase()
    {
        await using var host = await GatewayHost.StartAsync();
        var guest = Guid.NewGuid().ToString();

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid(guest.ToUpperInvariant())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patch = Assert.Single(host.Patches());
        Assert.Equal("/api/v2/guests/" + guest, patch.Path);
        var email = JsonDocument.Parse(patch.Body).RootElement.EnumerateArray().First(op => op.GetProperty("path").GetString() == "/email");
        var header = email.GetProperty("value").GetString()!.Split('.')[0];
        using var protectedHeader = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(header));
        Assert.Equal(guest, protectedHeader.RootElement.GetProperty("gid").GetString());
    }

    [Fact]
    public void Token_guest_ids_that_differ_only_in_case_have_their_own_windows()
    {
        var limiter = new GuestRateLimiter(
            Options.Create(new RateLimitOptions { PerGuest = new WindowLimitOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) } }),
            TimeProvider.System);

        Assert.Null(limiter.TryAcquire("Guest-A"));
        Assert.Null(limiter.TryAcquire("guest-a"));
        Assert.NotNull(limiter.TryAcquire("Guest-A"));
    }
}
