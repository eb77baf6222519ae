using System.Text.Json.Nodes;

namespace GuestSync.Emulator.Storage;

/// <summary>Hears of every document a <see cref="DocumentStore"/> stores, after it is stored, and of every reset.</summary>
internal interface IDocumentObserver
{
    void Stored(string id, JsonObject document);

    void Cleared();
}
