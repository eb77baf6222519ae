using Microsoft.AspNetCore.Http;

namespace GuestSync.Gateway.Forms;

/// <summary>The problems the input side answers with, one factory per kind.</summary>
internal static class FormProblems
{
    public const string AllowedMethod = "POST";

    public static FormProblem MethodNotAllowed() =>
        new(StatusCodes.Status405MethodNotAllowed, "Method not allowed.", "Profile updates are sent with POST.")
        {
            Allow = AllowedMethod,
        };

    public static FormProblem UnsupportedMediaType(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", detail);

    public static FormProblem TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "The request is too large.", detail);

    public static FormProblem TimedOut(string detail) =>
        new(StatusCodes.Status408RequestTimeout, "The request body was not received in time.", detail);

    public static FormProblem Malformed(string detail) =>
        new(StatusCodes.Status400BadRequest, "The request body is malformed.", detail);

    public static FormProblem InvalidFields(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "One or more fields are invalid.", "See errors for each field.", errors);
}
