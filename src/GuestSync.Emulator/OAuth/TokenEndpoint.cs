using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace GuestSync.Emulator.OAuth;

/// <summary><c>POST /oauth/token</c>: the client-credentials grant of the Genesys login host.</summary>
internal sealed partial class TokenEndpoint(EmulatorSettings settings, TokenStore tokens, FaultInjector faults, ILogger<TokenEndpoint> logger)
{
    public const string Route = "/oauth/token";

    public Task HandleAsync(HttpContext http, EmulatorRequest request)
    {
        if (faults.TokenEndpointDown)
        {
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status503ServiceUnavailable, GenesysErrorCodes.ServiceUnavailable, "The login service is unavailable.");
        }

        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "POST";
            return GenesysErrors.WriteAsync(http, request, StatusCodes.Status405MethodNotAllowed, GenesysErrorCodes.MethodNotAllowed, "Use POST to request a token.");
        }

        var client = Authenticate(http.Request.Headers.Authorization);
        if (client is null)
        {
            Log.ClientRejected(logger);
            return OAuthErrors.WriteAsync(http, StatusCodes.Status401Unauthorized, OAuthErrors.InvalidClient, "Client authentication failed: send Authorization: Basic base64(clientId:clientSecret) of a configured client.");
        }

        if (!IsFormContent(http.Request.ContentType))
        {
            return OAuthErrors.WriteAsync(http, StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "The body must be application/x-www-form-urlencoded.");
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body));
        if (!form.TryGetValue("grant_type", out var grantType) || grantType.Count != 1)
        {
            return OAuthErrors.WriteAsync(http, StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "The body must carry exactly one grant_type.");
        }

        if (!string.Equals(grantType[0], "client_credentials", StringComparison.Ordinal))
        {
            return OAuthErrors.WriteAsync(http, StatusCodes.Status400BadRequest, OAuthErrors.UnsupportedGrantType, "Only grant_type=client_credentials is supported.");
        }

        return IssueAsync(http, client);
    }

    private Task IssueAsync(HttpContext http, ClientRegistration client)
    {
        var (accessToken, _) = tokens.Issue(client);
        Log.TokenIssued(logger, client.ClientId);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("access_token", accessToken);
            writer.WriteString("token_type", "bearer");
            writer.WriteNumber("expires_in", (long)client.TokenLifetime.TotalSeconds);
            writer.WriteEndObject();
        }

        return GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, buffer.WrittenMemory);
    }

    private ClientRegistration? Authenticate(string? authorization)
    {
        foreach (var (clientId, clientSecret) in BasicCredentials.Parse(authorization))
        {
            if (settings.Clients.TryGetValue(clientId, out var client) && SecretsMatch(client.ClientSecret, clientSecret))
            {
                return client;
            }
        }

        return null;
    }

    private static bool SecretsMatch(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    private static bool IsFormContent(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Issued an access token to client {ClientId}")]
        public static partial void TokenIssued(ILogger logger, string clientId);

        [LoggerMessage(2, LogLevel.Information, "Rejected a token request: missing, garbled or unknown client credentials")]
        public static partial void ClientRejected(ILogger logger);
    }
}
