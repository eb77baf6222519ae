using System.Net.Http.Headers;

namespace GuestSync.Gateway.Tests.Security.HostileInput;

/// <summary>One generated hostile post: its kind (for the tally), body, claimed type and length, binding token, and the guest it names.</summary>
internal sealed record HostileCase(string Kind, byte[] Body, string? ContentType, string? Token, long? ClaimedLength = null)
{
    /// <summary>The guest id the case posts for, when it has one: it must never reach Genesys.</summary>
    public string? Guest { get; init; }

    public HttpRequestMessage ToRequest()
    {
        var content = new ByteArrayContent(Body);
        if (ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        if (ClaimedLength is { } length)
        {
            content.Headers.ContentLength = length;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = content };
        if (Token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Guest-Binding", Token);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    public override string ToString() => $"{Kind}: {ContentType} ({Body.Length} bytes{(ClaimedLength is { } l ? $", claims {l}" : string.Empty)})";
}
