using System.Diagnostics.CodeAnalysis;

namespace GuestSync.Gateway.Forms;

/// <summary>The fields of a post, or why it was refused. Exactly one of the two is present.</summary>
/// <remarks>A struct: it only carries the two references from the reader to its caller, once per post.</remarks>
internal readonly struct FormReadResult
{
    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>(StringComparer.Ordinal);

    private FormReadResult(IReadOnlyDictionary<string, string> fields, FormProblem? problem)
    {
        Fields = fields;
        Problem = problem;
    }

    /// <summary>Whether the body was read and every field obeys the reader's rules.</summary>
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    /// <summary>Field name (ordinal) → value, each name once; empty on failure.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    public FormProblem? Problem { get; }

    public static FormReadResult Success(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new FormReadResult(fields, problem: null);
    }

    public static FormReadResult Failure(FormProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new FormReadResult(NoFields, problem);
    }
}
