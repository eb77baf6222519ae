using GuestSync.Emulator.Hosting;

namespace GuestSync.Emulator.Documents;

/// <summary>
/// A write method of a document resource: the media type it takes, and what it does with the id and request.
/// <see cref="Apply"/> returns the stored JSON, or null when the id is unknown; it throws
/// <see cref="Storage.DocumentChangeException"/> to refuse.
/// </summary>
internal sealed record DocumentWrite(string MediaType, Func<string, EmulatorRequest, byte[]?> Apply);
