using System.Text.Json.Nodes;
using GuestSync.Emulator.Contacts.Enrich;
using GuestSync.Emulator.Contacts.Model;
using GuestSync.Emulator.Documents;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts.Identifiers;

/// <summary><c>POST /api/v2/externalcontacts/identifierlookup/contacts</c> with a <c>ContactIdentifier</c>: the contact claiming it, or 404.</summary>
internal sealed class IdentifierLookupOperation(ContactEnricher enricher) : IApiOperation
{
    public string Route => "/api/v2/externalcontacts/identifierlookup/contacts";

    public string Noun => "identifier lookup";

    public Task HandleAsync(HttpContext http, EmulatorRequest request)
    {
        if (EnrichBody.Parse(request.Body) is not JsonObject identifier)
        {
            throw new DocumentChangeException("The body must be a contact identifier: {\"type\":…,\"value\":…}.");
        }

        var errors = new List<FieldError>();
        ContactValidator.ValidateIdentifier("identifier", identifier, errors);
        if (errors.Count > 0)
        {
            throw new DocumentChangeException(errors.ConvertAll(error => error with { FieldName = error.FieldName["identifier.".Length..] }));
        }

        var contact = enricher.Find(identifier["type"]!.GetValue<string>(), identifier["value"]!.GetValue<string>())
            ?? throw new DocumentChangeException("No external contact claims this identifier.") { StatusCode = StatusCodes.Status404NotFound };
        return GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, JsonDocuments.Serialize(contact));
    }
}
