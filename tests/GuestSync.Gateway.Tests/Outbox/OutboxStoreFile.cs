using GuestSync.Gateway.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>A temporary folder holding one outbox file, deleted afterwards.</summary>
internal sealed class OutboxStoreFile : IDisposable
{
    public OutboxStoreFile()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "guestsync-outbox-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Path => System.IO.Path.Combine(Folder, "guestsync.db");

    public string ConnectionString => "Data Source=" + Path;

    public async Task<SqliteOutboxStore> OpenAsync(TimeProvider time, int maxPending = 1000, ILogger<SqliteOutboxStore>? logger = null)
    {
        var store = new SqliteOutboxStore(ConnectionString, maxPending, time, logger ?? NullLogger<SqliteOutboxStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    /// <summary>The raw bytes of the database and its WAL, as an attacker with the disk would read them.</summary>
    public byte[] RawBytes() =>
        [.. Directory.GetFiles(Folder).SelectMany(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        })];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform: the temp folder is cleaned by the OS.
        }
    }
}
