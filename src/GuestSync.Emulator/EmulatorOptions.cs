namespace GuestSync.Emulator;

/// <summary>
/// Settings of the Genesys Cloud emulator, bound from the <c>Emulator</c> configuration section.
/// They are read once, when the emulator starts.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Emulator";

    /// <summary>
    /// OAuth clients allowed to use the client-credentials grant.
    /// Default: one client, <c>sandbox-client</c> / <c>sandbox-secret</c>, 86 400 s tokens.
    /// Configuring any client in the <c>Emulator:Clients</c> section replaces the default.
    /// </summary>
    public List<EmulatorClient> Clients { get; set; } = [new EmulatorClient()];

    /// <summary>
    /// When true, a PATCH to an unknown guest creates it (starting from <c>{}</c>) instead of answering 404.
    /// Default: <see langword="false"/>.
    /// </summary>
    public bool CreateGuestsOnFirstWrite { get; set; }

    /// <summary>
    /// When true, a PATCH to an unknown external contact creates it (starting from <c>{"id": contactId}</c>)
    /// instead of answering 404. Default: <see langword="false"/>.
    /// </summary>
    public bool CreateContactsOnFirstWrite { get; set; }

    /// <summary>
    /// Requests each bearer token may make per one-minute window before getting 429, like Genesys's
    /// <c>client.credentials.token.rate.per.minute</c>. Zero or less turns rate limiting off. Default: 300.
    /// </summary>
    public int RateLimitPerMinute { get; set; } = 300;

    /// <summary>
    /// Serves the test-control API under <c>/admin</c> (faults, received requests, tokens, reset).
    /// When false those routes answer 404. Default: <see langword="false"/>.
    /// </summary>
    public bool AdminApiEnabled { get; set; }

    /// <summary>Largest request body accepted; larger bodies get 413. Default: 512 000 bytes, the Genesys limit.</summary>
    public int MaxBodyBytes { get; set; } = 512_000;

    /// <summary>
    /// How many received requests are kept (a ring buffer: the oldest are dropped first).
    /// Zero turns recording off, e.g. for load benchmarks. Default: 1000.
    /// </summary>
    public int ReceivedRequestCapacity { get; set; } = 1000;

    /// <summary>
    /// The document a guest starts as when <see cref="CreateGuestsOnFirstWrite"/> creates it: the guest schema's
    /// attributes, present and null, so a <c>replace</c> of any of them applies as it does on a real guest.
    /// Default: <c>{"name":null,"email":null,"phone":null,"lastUpdated":null}</c>.
    /// </summary>
    public string NewGuestTemplate { get; set; } = DefaultNewGuestTemplate;

    /// <summary>The default of <see cref="NewGuestTemplate"/>.</summary>
    public const string DefaultNewGuestTemplate = """{"name":null,"email":null,"phone":null,"lastUpdated":null}""";

    /// <summary>
    /// Guests present at start and after a reset: guest id to the guest as a JSON object text, e.g.
    /// <c>Emulator__SeedGuests__guest-1={"firstName":"Ada"}</c>. Default: none.
    /// </summary>
    public Dictionary<string, string> SeedGuests { get; set; } = [];

    /// <summary>
    /// The contact schema's custom fields: key to type (<c>text</c> and <c>identifier</c> hold 100 characters, <c>url</c> 200,
    /// <c>longtext</c> 1,000; also <c>integer</c>, <c>number</c>, <c>checkbox</c>, <c>date</c>, <c>datetime</c>, <c>tag</c>),
    /// e.g. <c>Emulator__ContactCustomFields__nameEnc=longtext</c>. A contact write with any other key, or a value too long
    /// or of the wrong type, is 400 naming the field. Default: none, and then custom fields are not checked against a schema.
    /// </summary>
    public Dictionary<string, string> ContactCustomFields { get; set; } = [];

    /// <summary>
    /// External contacts present at start and after a reset: contact id to the contact as a JSON object text.
    /// Default: none.
    /// </summary>
    public Dictionary<string, string> SeedContacts { get; set; } = [];
}
