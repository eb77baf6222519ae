using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Documents;

/// <summary>A stored resource served by <see cref="DocumentEndpoint"/>: <c>GET</c> reads it, its writes change it.</summary>
internal interface IDocumentResource
{
    /// <summary>The route, with the document id as <c>{id}</c>.</summary>
    string Route { get; }

    /// <summary>What the resource is called in messages, e.g. "guest".</summary>
    string Noun { get; }

    DocumentStore Store { get; }

    /// <summary>The write methods by HTTP method (e.g. PATCH, PUT).</summary>
    IReadOnlyDictionary<string, DocumentWrite> Writes { get; }
}
