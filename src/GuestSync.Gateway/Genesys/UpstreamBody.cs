using System.Net.Http.Headers;

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
        ContentType = MediaTypeHeaderValue.Parse(contentType);
    }

    public ReadOnlyMemory<byte> Content { get; }

    public MediaTypeHeaderValue ContentType { get; }

    public HttpContent CreateContent()
    {
        var content = new ReadOnlyMemoryContent(Content);
        content.Headers.ContentType = ContentType;
        content.Headers.ContentLength = Content.Length;
        return content;
    }
}
