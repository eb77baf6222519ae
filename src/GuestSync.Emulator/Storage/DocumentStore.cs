using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace GuestSync.Emulator.Storage;

/// <summary>
/// Guests or contacts by id. Each document is kept as immutable UTF-8 JSON and replaced by compare-and-swap,
/// so readers never see a half-applied change and concurrent writers to one id are serialized without a lock.
/// </summary>
internal sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, JsonObject> _seeds;
    private readonly IDocumentObserver? _observer;

    /// <param name="seeds">The documents present at start and after <see cref="Reset"/>.</param>
    /// <param name="observer">Told of every document stored and of every reset (e.g. to keep an index); none when null.</param>
    public DocumentStore(IReadOnlyDictionary<string, JsonObject> seeds, IDocumentObserver? observer = null)
    {
        _seeds = seeds ?? throw new ArgumentNullException(nameof(seeds));
        _observer = observer;
        Reset();
    }

    /// <summary>The stored JSON, or null when the id is unknown.</summary>
    public byte[]? GetJson(string id) => _documents.TryGetValue(id, out var json) ? json : null;

    /// <summary>A copy of the stored document the caller may change freely.</summary>
    public JsonObject? Get(string id) => GetJson(id) is { } json ? Parse(json) : null;

    public void Put(string id, JsonObject document)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(document);
        if (JsonDocuments.DepthOf(document) > JsonDocuments.MaxDepth)
        {
            throw new ArgumentException($"Documents may nest at most {JsonDocuments.MaxDepth} levels.", nameof(document));
        }

        _documents[id] = JsonDocuments.Serialize(document);
        _observer?.Stored(id, document);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a fresh copy of the document and stores the result, retrying if another
    /// writer got there first. <paramref name="change"/> throws to reject the change; nothing is stored then.
    /// </summary>
    /// <param name="id">The document id.</param>
    /// <param name="createMissing">Makes the starting document of an unknown id; null to leave unknown ids alone.</param>
    /// <param name="change">Returns the changed document; may be called more than once.</param>
    /// <returns>The stored JSON, or null when the id is unknown and <paramref name="createMissing"/> is null.</returns>
    public byte[]? Update(string id, Func<JsonObject>? createMissing, Func<JsonObject, JsonObject> change)
    {
        while (true)
        {
            if (_documents.TryGetValue(id, out var current))
            {
                var changed = change(Parse(current));
                var updated = Serialize(changed);
                if (_documents.TryUpdate(id, updated, current))
                {
                    _observer?.Stored(id, changed);
                    return updated;
                }
            }
            else if (createMissing is null)
            {
                return null;
            }
            else
            {
                var changed = change(createMissing());
                var created = Serialize(changed);
                if (_documents.TryAdd(id, created))
                {
                    _observer?.Stored(id, changed);
                    return created;
                }
            }
        }
    }

    /// <summary>Forgets every change: back to the seeded documents.</summary>
    public void Reset()
    {
        _documents.Clear();
        _observer?.Cleared();
        foreach (var (id, document) in _seeds)
        {
            _documents[id] = JsonDocuments.Serialize(document);
            _observer?.Stored(id, document);
        }
    }

    private static JsonObject Parse(byte[] json) => (JsonObject)JsonDocuments.Parse(json)!;

    private static byte[] Serialize(JsonObject changed) =>
        JsonDocuments.DepthOf(changed) <= JsonDocuments.MaxDepth
            ? JsonDocuments.Serialize(changed)
            : throw new DocumentChangeException($"The resulting document would nest deeper than {JsonDocuments.MaxDepth} levels.");
}
