using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Idempotency;

/// <summary>Posts carrying an idempotency key, and the answer as a browser sees it.</summary>
internal static class KeyedPosts
{
    public const string Path = "/api/profile-sync";

    public static async Task<HttpResponseMessage> PostWithHeaderAsync(this HttpClient client, IDictionary<string, string> fields, string key, string path = Path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ProfileForms.UrlEncoded(fields) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostWithFieldAsync(this HttpClient client, IDictionary<string, string> fields, string key, string field = "submissionId") =>
        client.PostAsync(Path, ProfileForms.UrlEncoded(new Dictionary<string, string>(fields) { [field] = key }));

    /// <summary>Status, the headers an answer carries meaning in, and the body: what two identical answers share.</summary>
    public static async Task<string> AnswerAsync(this HttpResponseMessage response)
    {
        var headers = string.Join("|", new[] { "Retry-After", "Location", "Allow" }
            .Select(name => response.Headers.TryGetValues(name, out var values) ? $"{name}={string.Join(",", values)}" : name + "=-"));
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {headers} {await response.Content.ReadAsStringAsync()}";
    }

    public static bool IsReplayed(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";
}
