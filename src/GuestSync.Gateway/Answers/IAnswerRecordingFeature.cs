namespace GuestSync.Gateway.Answers;

/// <summary>
/// Set on a request whose answer must be kept (an idempotency key was claimed for it). <see cref="AnswerWriter"/>
/// hands it the answer before the browser sees it, once, whatever path decided the answer, and also when the
/// browser has gone: the work was done, and its retry must get this answer.
/// </summary>
internal interface IAnswerRecordingFeature
{
    /// <summary>Keeps the answer. Never throws: a store that cannot keep it is logged, and the browser is still answered.</summary>
    Task RecordAsync(RecordedAnswer answer);
}
