using System.Text.Json;
using GuestSync.Gateway.Patching;

namespace GuestSync.Gateway.Profiles;

/// <summary>How one form field is checked and where it goes upstream (<c>Profiles:&lt;name&gt;:Fields:&lt;form field&gt;</c>).</summary>
internal sealed class FieldOptions
{
    private EncodedJsonString? _encodedTarget;

    /// <summary>
    /// Where the value is written. For <see cref="PatchDialect.JsonPatch"/> a JSON Pointer such as <c>/email</c>,
    /// used as written, so it must already be RFC 6901-escaped (<c>~0</c> for '~', <c>~1</c> for '/').
    /// For <see cref="PatchDialect.ExternalContacts"/> a JSONPath of identifiers such as <c>$.firstName</c> or
    /// <c>$.customFields.loyalty</c>. No default: every field needs one.
    /// </summary>
    public string Target { get; set; } = string.Empty;

    /// <summary><see cref="Target"/> as JSON, encoded once for every patch that writes it.</summary>
    internal JsonEncodedText EncodedTarget => EncodedJsonString.For(ref _encodedTarget, Target);

    /// <summary>Whether a missing or blank value is rejected ("is required"). Default <c>true</c>; a blank optional field is not sent.</summary>
    public bool Required { get; set; } = true;

    /// <summary>Longest accepted value in characters (UTF-16 code units), after trimming. Default 256.</summary>
    public int MaxLength { get; set; } = ProfileDefaults.FieldMaxLength;

    /// <summary>The format the value must have. Default <see cref="FieldFormat.Text"/>.</summary>
    public FieldFormat Format { get; set; } = FieldFormat.Text;

    /// <summary>
    /// Whether the value is encrypted with the profile's envelope before it is sent. Default <c>true</c>.
    /// Turn it off for typed Genesys fields (emails, phone numbers) that Genesys validates itself.
    /// </summary>
    public bool Encrypt { get; set; } = true;
}
