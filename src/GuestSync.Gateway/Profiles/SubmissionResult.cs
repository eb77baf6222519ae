using System.Diagnostics.CodeAnalysis;
using GuestSync.Gateway.Forms;

namespace GuestSync.Gateway.Profiles;

/// <summary>A <see cref="Profiles.Submission"/>, or the 400 problem listing every field at fault.</summary>
/// <remarks>A struct: it only carries the two references from the validator to its caller, once per post.</remarks>
internal readonly struct SubmissionResult
{
    private SubmissionResult(Submission? submission, FormProblem? problem)
    {
        Submission = submission;
        Problem = problem;
    }

    [MemberNotNullWhen(true, nameof(Submission))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Submission is not null;

    public Submission? Submission { get; }

    public FormProblem? Problem { get; }

    public static SubmissionResult Success(Submission submission) => new(submission ?? throw new ArgumentNullException(nameof(submission)), null);

    public static SubmissionResult Failure(FormProblem problem) => new(null, problem ?? throw new ArgumentNullException(nameof(problem)));
}
