using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Security.BindingTokens;

namespace GuestSync.Gateway.Profiles;

/// <summary>
/// One kind of site form: which fields it posts, how they are checked and how they are written to Genesys
/// (<c>Profiles:&lt;name&gt;</c>). A route opts into a profile by name.
/// </summary>
internal sealed class ProfileOptions
{
    private EncodedJsonString? _encodedOperation;
    private EncodedJsonString? _encodedAction;

    /// <summary>The upstream request shape. Default <see cref="PatchDialect.JsonPatch"/>.</summary>
    public PatchDialect Dialect { get; set; } = PatchDialect.JsonPatch;

    /// <summary>How encrypted values are packaged. Default <see cref="EncryptionEnvelope.Jwe"/>.</summary>
    public EncryptionEnvelope Envelope { get; set; } = EncryptionEnvelope.Jwe;

    /// <summary>The RFC 6902 op used for every field (json-patch only): <c>replace</c> (default) or <c>add</c>.</summary>
    public string Operation { get; set; } = ProfileDefaults.Operation;

    /// <summary><see cref="Operation"/> as JSON, encoded once for every patch.</summary>
    internal System.Text.Json.JsonEncodedText EncodedOperation => EncodedJsonString.For(ref _encodedOperation, Operation);

    /// <summary>The <c>action</c> of every change (external-contacts only). Default <c>Update</c>.</summary>
    public string ExternalContactsAction { get; set; } = ProfileDefaults.ExternalContactsAction;

    /// <summary><see cref="ExternalContactsAction"/> as JSON, encoded once for every patch.</summary>
    internal System.Text.Json.JsonEncodedText EncodedExternalContactsAction => EncodedJsonString.For(ref _encodedAction, ExternalContactsAction);

    /// <summary>How the contacts-enrich dialect matches and writes the contact. Defaults: see <see cref="EnrichOptions"/>.</summary>
    public EnrichOptions Enrich { get; set; } = new();

    /// <summary>The form field holding the guest (or contact) id. Default <c>guestId</c>.</summary>
    public string GuestIdField { get; set; } = ProfileDefaults.GuestIdField;

    /// <summary>
    /// The form field an HTML form carries its idempotency key in (one per form view), for forms that cannot send the
    /// <c>Idempotency-Key</c> header. Never sent upstream. Default <c>submissionId</c>.
    /// </summary>
    public string IdempotencyField { get; set; } = ProfileDefaults.IdempotencyField;

    /// <summary>
    /// What the guest id must look like. Default <see cref="GuestIdFormat.Uuid"/>. For contacts-enrich the identifier type
    /// decides (<see cref="EnrichIdentifierRule"/>); this setting then only chooses between a UUID and a token for <c>ExternalId</c>.
    /// </summary>
    public GuestIdFormat GuestIdFormat { get; set; } = GuestIdFormat.Uuid;

    /// <summary>
    /// Whether the patch also sets the time of the sync (ISO-8601 UTC, milliseconds, 'Z').
    /// Default (unset): <c>true</c> for json-patch, <c>false</c> for external-contacts and contacts-enrich.
    /// </summary>
    public bool? AddLastUpdated { get; set; }

    /// <summary>
    /// Where the sync time goes. Default (unset): <c>/lastUpdated</c> for json-patch; external-contacts and contacts-enrich have
    /// no such standard field, so it must be set (e.g. <c>$.customFields.lastUpdated</c>) to add one.
    /// </summary>
    public string? LastUpdatedTarget { get; set; }

    /// <summary>
    /// Where a plain HTML form post (<c>Accept: text/html</c>) is redirected with 303 after a sync:
    /// an absolute http(s) URL or a path starting with '/'. Default <c>null</c>: no redirect, a JSON answer.
    /// </summary>
    public string? SuccessUrl { get; set; }

    /// <summary>
    /// Where a plain HTML form post (<c>Accept: text/html</c>, no JSON) is redirected with 303 when it fails, with a
    /// machine-readable reason in the query (<c>?reason=invalid-fields&amp;status=400&amp;field=email</c>; never a submitted
    /// value or the guest id): an absolute http(s) URL or a path starting with '/'. Default <c>null</c>: such a post gets
    /// a minimal HTML error page with the failure's status; JSON clients always get <c>application/problem+json</c>.
    /// </summary>
    public string? ErrorUrl { get; set; }

    /// <summary>Request size limits for this profile's posts. Defaults: see <see cref="FormLimits"/>.</summary>
    public FormLimits Limits { get; set; } = new();

    /// <summary>The guest binding token rules (<c>Profiles:&lt;name&gt;:Binding</c>). Defaults: see <see cref="GuestBindingOptions"/>.</summary>
    public GuestBindingOptions Binding { get; set; } = new();

    /// <summary>
    /// Origins (<c>https://shop.example.com</c>, no path, no wildcard) whose pages may post this profile's form
    /// cross-site and get CORS answers. Default empty: only same-origin and non-browser posts.
    /// </summary>
    public List<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// Form field name → how it is checked and where it goes, in the order the patch lists them.
    /// Form fields not listed here (other than the guest id) are ignored, though they count toward
    /// <see cref="FormLimits.MaxFields"/>. No default, except for the built-in <c>default</c> profile.
    /// </summary>
    public Dictionary<string, FieldOptions> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether targets are JSONPaths into an external contact (external-contacts and contacts-enrich).</summary>
    internal bool TargetsContact => Dialect != PatchDialect.JsonPatch;

    /// <summary>Whether the sync time is added, after applying the dialect's default.</summary>
    internal bool ShouldAddLastUpdated => AddLastUpdated ?? Dialect == PatchDialect.JsonPatch;

    /// <summary>Where the sync time goes, after applying the dialect's default; null when there is nowhere.</summary>
    internal string? EffectiveLastUpdatedTarget =>
        LastUpdatedTarget ?? (Dialect == PatchDialect.JsonPatch ? ProfileDefaults.LastUpdatedPointer : null);

    /// <summary>
    /// The built-in <c>default</c> profile, used when configuration does not define one: <c>name</c> → <c>/name</c>
    /// (text, at most 200), <c>email</c> → <c>/email</c> (email, at most 254), <c>phone</c> → <c>/phone</c>
    /// (E.164), all required and encrypted, json-patch with <c>/lastUpdated</c>.
    /// </summary>
    public static ProfileOptions CreateDefault()
    {
        var profile = new ProfileOptions();
        profile.Fields["name"] = new FieldOptions { Target = "/name", MaxLength = 200 };
        profile.Fields["email"] = new FieldOptions { Target = "/email", MaxLength = 254, Format = FieldFormat.Email };
        profile.Fields["phone"] = new FieldOptions { Target = "/phone", MaxLength = 32, Format = FieldFormat.PhoneE164 };
        return profile;
    }
}
