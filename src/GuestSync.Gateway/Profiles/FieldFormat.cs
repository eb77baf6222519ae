namespace GuestSync.Gateway.Profiles;

/// <summary>How a submitted field value is checked before it is forwarded.</summary>
internal enum FieldFormat
{
    /// <summary>Free text: only length and the character rules every field obeys.</summary>
    Text,

    /// <summary>An address like <c>ada@example.com</c>; see <see cref="EmailAddressRule"/> for exactly what passes.</summary>
    Email,

    /// <summary>
    /// An E.164 number: <c>+</c> then 8 to 15 digits, the first not 0. Spaces, dashes, dots and parentheses
    /// are removed first, so <c>+44 (20) 7946-0000</c> is forwarded as <c>+442079460000</c>.
    /// </summary>
    PhoneE164,
}
