namespace GuestSync.Gateway.Forms;

/// <summary>The body formats the reader accepts.</summary>
internal enum FormContentKind
{
    UrlEncoded,
    Multipart,
    Json,
}
