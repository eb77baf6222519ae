namespace GuestSync.Gateway.Forms;

/// <summary>How much a single post may carry (<c>Profiles:&lt;name&gt;:Limits</c>).</summary>
internal sealed class FormLimits
{
    /// <summary>
    /// Largest accepted request body in bytes, counted while reading (a missing or wrong
    /// <c>Content-Length</c> does not get past it). Larger → 413. Default 16384 (16 KiB).
    /// </summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// Most fields (form fields, multipart parts or JSON properties, known or not) in one post.
    /// More → 413, because it is a size limit: the reader stops at the first field over it. Default 32.
    /// </summary>
    public int MaxFields { get; set; } = 32;

    /// <summary>Longest accepted field value in characters (UTF-16 code units), before any profile check. Longer → 400. Default 2048.</summary>
    public int MaxFieldLength { get; set; } = 2048;
}
