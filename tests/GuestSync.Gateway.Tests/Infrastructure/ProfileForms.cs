using System.Net.Http.Headers;
using System.Text;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>The three ways a site posts the profile form.</summary>
internal static class ProfileForms
{
    public const string Name = "Ada Lovelace";
    public const string Email = "ada@example.org";
    public const string Phone = "+441234567890";

    public static Dictionary<string, string> Valid(string? guestId = null) => new()
    {
        ["guestId"] = guestId ?? Guid.NewGuid().ToString(),
        ["name"] = Name,
        ["email"] = Email,
        ["phone"] = Phone,
    };

    public static HttpContent UrlEncoded(IDictionary<string, string> fields) => new FormUrlEncodedContent(fields);

    public static HttpContent Multipart(IDictionary<string, string> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value, Encoding.UTF8), key);
        }

        return content;
    }

    public static HttpContent Json(IDictionary<string, string> fields) =>
        new StringContent(System.Text.Json.JsonSerializer.Serialize(fields), Encoding.UTF8, "application/json");

    public static HttpContent Raw(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
