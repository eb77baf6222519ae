using System.ComponentModel;

namespace GuestSync.Gateway.Profiles;

/// <summary>The shape of the upstream request a profile produces.</summary>
[TypeConverter(typeof(PatchDialectConverter))]
public enum PatchDialect
{
    /// <summary>
    /// <c>PATCH /api/v2/guests/{guestId}</c> with an RFC 6902 array (<c>application/json-patch+json</c>),
    /// as the original tutorial did. Configured as <c>JsonPatch</c> or <c>json-patch</c>.
    /// </summary>
    JsonPatch,

    /// <summary>
    /// <c>PATCH /api/v2/externalcontacts/contacts/{contactId}</c> with a <c>{"changes":[…]}</c> body
    /// (<c>application/json</c>), the public Genesys endpoint. Configured as <c>ExternalContacts</c> or <c>external-contacts</c>.
    /// </summary>
    ExternalContacts,

    /// <summary>
    /// <c>POST /api/v2/externalcontacts/contacts/enrich</c> (<c>application/json</c>): find the contact by the guest id as a
    /// matching identifier, or create it, and write a partial contact (<c>ContactEnrichRequest</c>). Needs no Genesys contact
    /// id, so it suits anonymous web visitors. Configured as <c>ContactsEnrich</c> or <c>contacts-enrich</c>.
    /// </summary>
    ContactsEnrich,
}
