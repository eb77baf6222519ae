namespace GuestSync.Gateway.Profiles;

/// <summary>
/// The Genesys identifier type the guest id is matched as (<c>ContactIdentifier.type</c>). Genesys matches identifier values
/// in plain text, so the guest id is never encrypted.
/// </summary>
internal enum EnrichIdentifierType
{
    /// <summary>The Messenger customer cookie id: a UUID.</summary>
    Cookie,

    /// <summary>The site's own customer id: a UUID or a token (<see cref="ProfileOptions.GuestIdFormat"/>).</summary>
    ExternalId,

    /// <summary>An email address (<see cref="EmailAddressRule"/>), its domain lowercased.</summary>
    Email,

    /// <summary>A phone number in E.164 (<see cref="PhoneNumberRule"/>): '+' and up to 15 digits.</summary>
    Phone,
}
