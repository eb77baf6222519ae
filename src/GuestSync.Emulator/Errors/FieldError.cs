namespace GuestSync.Emulator.Errors;

/// <summary>One entry of an error body's <c>details[]</c>: which field was refused and why (never its value).</summary>
internal sealed record FieldError(string FieldName, string ErrorCode, string Message);
