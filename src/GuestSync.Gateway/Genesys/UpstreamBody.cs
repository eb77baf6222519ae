using System.Net.Http.Headers;
using GuestSync.Gateway.Patching;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The complete patch the request transform built, carried to the outgoing handlers on
/// <see cref="HttpRequestMessage.Options"/>. YARP's own request content can be sent once only; this
/// can be sent again, byte for byte, by a token-refresh replay or a retry.
/// </summary>
internal sealed class UpstreamBody
{
    public static readonly HttpRequestOptionsKey<UpstreamBody> OptionsKey = new("GuestSync.UpstreamBody");

    public UpstreamBody(ReadOnlyMemory<byte> content, string contentType)
    {
        Content = content;
        ContentType = Validated(contentType);
    }

    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The <c>Content-Type</c> header value, validated as a media type when this was made.</summary>
    public string ContentType { get; }

    public HttpContent CreateContent()
    {
        var content = new ReadOnlyMemoryContent(Content);
        // Already validated: added as text, so no media type object is made (or formatted again) per attempt.
        content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        content.Headers.ContentLength = Content.Length;
        return content;
    }

    /// <summary>The builder's two types are known good; anything else (e.g. read back from the outbox) is parsed, as before.</summary>
    private static string Validated(string contentType) => contentType switch
    {
        PatchBuilder.JsonPatchContentType => PatchBuilder.JsonPatchContentType,
        PatchBuilder.JsonContentType => PatchBuilder.JsonContentType,
        _ => MediaTypeHeaderValue.Parse(contentType).ToString(),
    };
}
