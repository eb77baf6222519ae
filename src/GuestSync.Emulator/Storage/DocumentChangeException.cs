namespace GuestSync.Emulator.Storage;

/// <summary>A requested change the emulator refuses; the message is safe to send back (it never holds values).</summary>
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
}
