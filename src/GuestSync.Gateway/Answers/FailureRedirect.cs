using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// The <c>Location</c> of a failed plain HTML post sent to a profile's <c>ErrorUrl</c>: the URL with
/// <c>reason</c> (<see cref="SyncAnswer.Reason"/>), <c>status</c>, one <c>field</c> per field at fault (only names
/// the profile configures) and <c>retryAfter</c> (seconds) added to its query. Never a submitted value or the guest id.
/// </summary>
internal static class FailureRedirect
{
    public static string Location(string errorUrl, SyncAnswer answer, IReadOnlyCollection<string> fields)
    {
        ArgumentNullException.ThrowIfNull(errorUrl);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(fields);
        var query = new List<KeyValuePair<string, string?>>
        {
            new("reason", answer.Reason),
            new("status", answer.Status.ToString(CultureInfo.InvariantCulture)),
        };
        query.AddRange(fields.Select(field => new KeyValuePair<string, string?>("field", field)));
        if (answer.RetryAfter is { } wait)
        {
            query.Add(new("retryAfter", AnswerWriter.RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture)));
        }

        return QueryHelpers.AddQueryString(errorUrl, query);
    }
}
