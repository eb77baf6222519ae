namespace GuestSync.Emulator.JsonPatch;

/// <summary>An invalid JSON Patch document or an operation that cannot be applied. Messages name paths, never values.</summary>
internal sealed class JsonPatchException : Exception
{
    public JsonPatchException()
    {
    }

    public JsonPatchException(string message)
        : base(message)
    {
    }

    public JsonPatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
