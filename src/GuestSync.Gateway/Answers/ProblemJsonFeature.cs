namespace GuestSync.Gateway.Answers;

/// <summary>
/// Set on a request by a middleware that turns a failure into a page of its own (the demo form, which shows each error
/// beside its field): <see cref="AnswerWriter"/> then answers <c>application/problem+json</c> even to a plain HTML post,
/// instead of redirecting to <c>ErrorUrl</c> or writing its error page.
/// </summary>
internal sealed class ProblemJsonFeature
{
    public static readonly ProblemJsonFeature Instance = new();

    private ProblemJsonFeature()
    {
    }
}
