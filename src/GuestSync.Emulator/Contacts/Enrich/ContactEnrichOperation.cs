using GuestSync.Emulator.Documents;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary><c>POST /api/v2/externalcontacts/contacts/enrich</c>: find-or-create one contact by identifier; 201 created, 200 updated.</summary>
internal sealed class ContactEnrichOperation(EnrichRequestParser parser, ContactEnricher enricher) : IApiOperation
{
    public string Route => "/api/v2/externalcontacts/contacts/enrich";

    public string Noun => "contact enrich";

    public Task HandleAsync(HttpContext http, EmulatorRequest request)
    {
        var operation = parser.Parse(EnrichBody.Parse(request.Body), out var errors) ?? throw new DocumentChangeException(errors);
        var outcome = enricher.Enrich(operation, EnrichBody.IsDryRun(http));
        return GenesysErrors.WriteJsonAsync(http, outcome.StatusCode, outcome.Contact);
    }
}
