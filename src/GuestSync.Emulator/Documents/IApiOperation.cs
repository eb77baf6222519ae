using GuestSync.Emulator.Hosting;

namespace GuestSync.Emulator.Documents;

/// <summary>A <c>POST</c> operation of the API with an <c>application/json</c> body (enrich, bulk enrich, identifier lookup), served by <see cref="OperationEndpoint"/>.</summary>
internal interface IApiOperation
{
    string Route { get; }

    /// <summary>What the operation is called in messages, e.g. "enrich".</summary>
    string Noun { get; }

    /// <summary>Answers an authorized JSON request; throws <see cref="Storage.DocumentChangeException"/> to refuse.</summary>
    Task HandleAsync(HttpContext http, EmulatorRequest request);
}
