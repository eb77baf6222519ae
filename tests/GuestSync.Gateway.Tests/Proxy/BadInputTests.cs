using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Proxy;

public sealed class BadInputTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> InvalidFields => new()
    {
        { "email", "not-an-email" },
        { "email", "" },
        { "phone", "12345" },
        { "name", "" },
        { "name", new string('x', 201) },
        { "guestId", "not-a-uuid" },
        { "guestId", "../../oauth/token" },
        { "guestId", "a/b" },
        { "guestId", "%2F" },
        { "guestId", "1f0c4c4e-2b1c-4c5e-9f7a-0d2e3b4a5c6d " },
        { "guestId", "1f0c4c4e-2b1c-4c5e-9f7a-0d2e3b4a5c6d\u0000" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Invalid_field_is_400_naming_the_field_and_nothing_is_sent(string field, string value)
    {
        var fields = ProfileForms.Valid();
        fields[field] = value;

        using var response = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}'");
        Assert.DoesNotContain(value.Length > 3 ? value : "\u0001", problem.RootElement.GetRawText(), StringComparison.Ordinal);
        AssertNothingSent();
    }

    [Fact]
    public async Task Missing_field_is_400_naming_the_field()
    {
        var fields = ProfileForms.Valid();
        fields.Remove("phone");

        using var response = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("phone", out _));
        AssertNothingSent();
    }

    [Fact]
    public async Task Get_is_405_with_allow_post()
    {
        using var response = await _host.Client.GetAsync("/api/profile-sync");

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("POST", response.Content.Headers.Allow);
        AssertNothingSent();
    }

    [Fact]
    public async Task Unsupported_content_type_is_415()
    {
        using var response = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.Raw("guestId=x", "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        AssertNothingSent();
    }

    [Fact]
    public async Task Body_over_16_KiB_is_413()
    {
        var fields = ProfileForms.Valid();
        fields["padding"] = new string('a', 17 * 1024);

        using var response = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        AssertNothingSent();
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        using var response = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.Raw("{\"guestId\":", "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        AssertNothingSent();
    }

    [Fact]
    public async Task Multipart_with_a_file_is_rejected()
    {
        using var content = (MultipartFormDataContent)ProfileForms.Multipart(ProfileForms.Valid());
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("#!/bin/sh"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "avatar", "avatar.sh");

        using var response = await _host.Client.PostAsync("/api/profile-sync", content);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNothingSent();
    }

    [Fact]
    public async Task Gateway_answers_the_next_valid_post_after_bad_ones()
    {
        using (await _host.Client.PostAsync("/api/profile-sync", ProfileForms.Raw("%%%%", "application/x-www-form-urlencoded")))
        {
        }

        using var response = await _host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonDocument> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(problem.RootElement.TryGetProperty("exception", out _));
        return problem;
    }

    private void AssertNothingSent() =>
        Assert.DoesNotContain(_host.Emulator.ReceivedRequests, r => r.Path.StartsWith("/api/", StringComparison.Ordinal));
}
