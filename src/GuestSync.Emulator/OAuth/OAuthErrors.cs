using System.Buffers;
using System.Text.Json;
using GuestSync.Emulator.Errors;

namespace GuestSync.Emulator.OAuth;

/// <summary>RFC 6749 error responses of the token endpoint: <c>{"error","description","error_description"}</c>.</summary>
internal static class OAuthErrors
{
    public const string InvalidClient = "invalid_client";
    public const string InvalidRequest = "invalid_request";
    public const string UnsupportedGrantType = "unsupported_grant_type";

    public static Task WriteAsync(HttpContext http, int status, string error, string description)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Genesys Cloud emulator\"";
        }

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteString("description", description);
            writer.WriteString("error_description", description);
            writer.WriteEndObject();
        }

        return GenesysErrors.WriteJsonAsync(http, status, buffer.WrittenMemory);
    }
}
