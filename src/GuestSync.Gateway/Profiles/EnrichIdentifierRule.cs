namespace GuestSync.Gateway.Profiles;

/// <summary>
/// Checks (and normalizes) a guest id that a contacts-enrich profile sends as a matching identifier. The id goes into
/// the body, never a path, but keeps the path-safe rules where its type allows them, since it is also the outbox key.
/// <list type="bullet">
/// <item><c>Cookie</c>: a UUID (the Messenger's customer cookie id is one), as typed.</item>
/// <item><c>ExternalId</c>: <see cref="GuestIdRule"/> with the profile's <see cref="GuestIdFormat"/> (UUID or 1 to 128 of <c>A-Za-z0-9_-</c>).</item>
/// <item><c>Email</c>: <see cref="EmailAddressRule"/>, trimmed, its domain lowercased (domains are case-insensitive; the
/// local part is kept as typed).</item>
/// <item><c>Phone</c>: <see cref="PhoneNumberRule"/>, normalized to E.164 (Genesys wants the leading '+').</item>
/// </list>
/// Every type is far below Genesys's 255-character identifier limit.
/// </summary>
internal static class EnrichIdentifierRule
{
    /// <summary>Genesys's limit on an identifier value.</summary>
    public const int MaxGenesysLength = 255;

    private const int UuidLength = 36;
    private const int MaxPhoneLength = 16;

    /// <summary>What is wrong with <paramref name="guestId"/>, or null when it may be used (then normalized in place).</summary>
    public static string? Check(ref string guestId, EnrichIdentifierType type, GuestIdFormat format)
    {
        switch (type)
        {
            case EnrichIdentifierType.Cookie:
                return GuestIdRule.Check(guestId, GuestIdFormat.Uuid) is null ? null : "must be a Messenger cookie id (a UUID such as 6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e)";
            case EnrichIdentifierType.ExternalId:
                return GuestIdRule.Check(guestId, format);
            case EnrichIdentifierType.Email:
                var email = guestId.Trim();
                if (!EmailAddressRule.IsValid(email))
                {
                    return "must be an email address such as name@example.com";
                }

                var at = email.IndexOf('@', StringComparison.Ordinal);
                guestId = string.Concat(email.AsSpan(0, at + 1), email[(at + 1)..].ToLowerInvariant());
                return null;
            case EnrichIdentifierType.Phone:
                if (!PhoneNumberRule.TryNormalize(guestId, out var phone))
                {
                    return "must be a phone number in international format, such as +442079460000";
                }

                guestId = phone;
                return null;
            default:
                return "cannot be matched: the profile's identifier type is unknown";
        }
    }

    /// <summary>
    /// The longest id of the type, written with the characters that cost the most once JSON-escaped: what sizes the
    /// worst envelope at start (a JWE binds the guest id into its header).
    /// </summary>
    public static string WorstCase(EnrichIdentifierType type, GuestIdFormat format) => type switch
    {
        EnrichIdentifierType.Cookie => new string('0', UuidLength),
        EnrichIdentifierType.ExternalId => new string('a', format == GuestIdFormat.Uuid ? UuidLength : GuestIdRule.MaxTokenLength),
        EnrichIdentifierType.Email => new string('\u00e9', EmailAddressRule.MaxLength), // non-ASCII: escaped as \uXXXX
        _ => "+" + new string('9', MaxPhoneLength - 1),
    };
}
