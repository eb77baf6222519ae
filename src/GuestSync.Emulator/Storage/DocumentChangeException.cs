using GuestSync.Emulator.Errors;

namespace GuestSync.Emulator.Storage;

/// <summary>
/// A requested change the emulator refuses; the message is safe to send back (it never holds values).
/// <see cref="StatusCode"/> is 400 unless set; <see cref="FieldErrors"/> become the error body's <c>details[]</c>.
/// </summary>
internal sealed class DocumentChangeException : Exception
{
    public DocumentChangeException()
    {
    }

    public DocumentChangeException(string message)
        : base(message)
    {
    }

    public DocumentChangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DocumentChangeException(IReadOnlyList<FieldError> fieldErrors)
        : base(Describe(fieldErrors))
    {
        FieldErrors = fieldErrors;
    }

    public int StatusCode { get; init; } = StatusCodes.Status400BadRequest;

    public IReadOnlyList<FieldError> FieldErrors { get; } = [];

    private static string Describe(IReadOnlyList<FieldError> fieldErrors)
    {
        ArgumentNullException.ThrowIfNull(fieldErrors);
        return fieldErrors.Count == 1 ? fieldErrors[0].Message : $"{fieldErrors.Count} fields are invalid: {string.Join(" ", fieldErrors.Select(e => e.Message))}";
    }
}
