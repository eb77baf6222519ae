using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Emulator.Tests;

/// <summary>An in-process emulator on a loopback port, driven by a <see cref="FakeTimeProvider"/>, and a client for it.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    public const string ClientId = "sandbox-client";
    public const string ClientSecret = "sandbox-secret";
    public const string JsonPatchMediaType = "application/json-patch+json";

    private EmulatorHarness(GenesysEmulator emulator, FakeTimeProvider time)
    {
        Emulator = emulator;
        Time = time;
        Client = new HttpClient { BaseAddress = emulator.BaseAddress };
    }

    public GenesysEmulator Emulator { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public static async Task<EmulatorHarness> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions();
        configure?.Invoke(options);
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        return new EmulatorHarness(await GenesysEmulator.StartAsync(options, time), time);
    }

    public static AuthenticationHeaderValue Basic(string clientId, string clientSecret, Encoding? encoding = null) =>
        new("Basic", Convert.ToBase64String((encoding ?? Encoding.UTF8).GetBytes($"{clientId}:{clientSecret}")));

    public Task<HttpResponseMessage> RequestTokenAsync(AuthenticationHeaderValue? authorization, string form = "grant_type=client_credentials")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = authorization;
        return Client.SendAsync(request);
    }

    public async Task<string> GetTokenAsync(string clientId = ClientId, string clientSecret = ClientSecret)
    {
        using var response = await RequestTokenAsync(Basic(clientId, clientSecret));
        response.EnsureSuccessStatusCode();
        var body = await ReadJsonAsync(response);
        return body["access_token"]!.GetValue<string>();
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null, string? contentType = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PatchGuestAsync(string guestId, string patch, string? token, string contentType = JsonPatchMediaType) =>
        SendAsync(HttpMethod.Patch, $"/api/v2/guests/{guestId}", token, patch, contentType);

    public Task<HttpResponseMessage> PatchContactAsync(string contactId, string changes, string? token, string contentType = "application/json") =>
        SendAsync(HttpMethod.Patch, $"/api/v2/externalcontacts/contacts/{contactId}", token, changes, contentType);

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts a Genesys error body whose contextId is the response's ININ-Correlation-Id.</summary>
    public static async Task<JsonObject> AssertGenesysErrorAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await ReadJsonAsync(response);
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.Equal(status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
        Assert.Equal(CorrelationId(response), body["contextId"]!.GetValue<string>());
        Assert.Empty(body["details"]!.AsArray());
        Assert.Empty(body["errors"]!.AsArray());
        return body;
    }

    /// <summary>Asserts a 400 in the Genesys shape whose details[] name exactly <paramref name="fieldNames"/>.</summary>
    public static async Task<JsonObject> AssertFieldErrorAsync(HttpResponseMessage response, params string[] fieldNames)
    {
        Assert.Equal(400, (int)response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("bad.request", body["code"]!.GetValue<string>());
        Assert.Equal(400, body["status"]!.GetValue<int>());
        Assert.Equal(CorrelationId(response), body["contextId"]!.GetValue<string>());
        Assert.Equal(fieldNames, body["details"]!.AsArray().Select(detail => detail!["fieldName"]!.GetValue<string>()));
        Assert.All(body["details"]!.AsArray(), detail => Assert.False(string.IsNullOrEmpty(detail!["errorCode"]!.GetValue<string>())));
        return body;
    }

    public static string CorrelationId(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("ININ-Correlation-Id"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
