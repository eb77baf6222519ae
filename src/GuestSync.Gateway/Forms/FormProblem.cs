using Microsoft.AspNetCore.Http;

namespace GuestSync.Gateway.Forms;

/// <summary>
/// Why a post was refused, ready to become an RFC 9457 <c>application/problem+json</c> answer.
/// Messages describe the rule that failed and never repeat a submitted value.
/// </summary>
internal sealed class FormProblem
{
    public FormProblem(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(title);
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>(StringComparer.Ordinal);
    }

    /// <summary>The HTTP status to answer with (400, 405, 413 or 415).</summary>
    public int Status { get; }

    public string Title { get; }

    public string? Detail { get; }

    /// <summary>Field name → what is wrong with it; empty when the problem is with the request as a whole.</summary>
    public IDictionary<string, string[]> Errors { get; }

    /// <summary>For a 405: the value of the <c>Allow</c> header the answer must carry.</summary>
    public string? Allow { get; init; }
}
