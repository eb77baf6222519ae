using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GuestSync.Emulator;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>
/// Sends outbox requests to a running emulator as they are stored (method, path, content type, bytes), with one bearer
/// token, and nothing else: the emulator's per-token rate limit is the budget the requests count against.
/// </summary>
internal sealed class EmulatorGenesysSender(GenesysEmulator emulator) : IGenesysSender, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = emulator.BaseAddress };
    private readonly SemaphoreSlim _login = new(1, 1);
    private string? _token;

    public async Task<HttpResponseMessage> SendAsync(string org, OutboxRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery.TrimStart('/'))
        {
            Content = new ReadOnlyMemoryContent(request.Body),
        };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        return await _http.SendAsync(message, cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        _login.Dispose();
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _login.WaitAsync(cancellationToken);
        try
        {
            if (_token is null)
            {
                using var login = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
                };
                login.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{GatewayHost.ClientId}:{GatewayHost.ClientSecret}")));
                using var response = await _http.SendAsync(login, cancellationToken);
                _token = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["access_token"]!;
            }

            return _token;
        }
        finally
        {
            _login.Release();
        }
    }
}
