using System.Text;
using Microsoft.AspNetCore.Http;

namespace GuestSync.Gateway.Tests.Forms;

/// <summary>Builds requests the way Kestrel would hand them to the reader.</summary>
internal static class FormRequests
{
    public const string Boundary = "----guestsync7MA4YWxkTrZu0gW";
    public const string GuestId = "6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e";

    public static HttpRequest UrlEncoded(string body) => Create("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(body));

    public static HttpRequest Json(string body) => Create("application/json", Encoding.UTF8.GetBytes(body));

    public static HttpRequest Multipart(params (string Name, string Value)[] parts) =>
        MultipartRaw(string.Concat(parts.Select(p =>
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{p.Name}\"\r\n\r\n{p.Value}\r\n")) + $"--{Boundary}--\r\n");

    public static HttpRequest MultipartRaw(string body) =>
        Create($"multipart/form-data; boundary={Boundary}", Encoding.UTF8.GetBytes(body));

    /// <param name="contentLength">The declared length; by default the true one. Pass null for a chunked body.</param>
    public static HttpRequest Create(string? contentType, byte[] body, long? contentLength = -1, string method = "POST") =>
        Create(contentType, new MemoryStream(body), contentLength == -1 ? body.Length : contentLength, method);

    public static HttpRequest Create(string? contentType, Stream body, long? contentLength, string method = "POST")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        context.Request.ContentLength = contentLength;
        context.Request.Body = body;
        return context.Request;
    }

    public static string ValidUrlEncoded(string extra = "") =>
        $"guestId={GuestId}&name=Ada+Lovelace&email=ada%40example.com&phone=%2B442079460000{extra}";
}
