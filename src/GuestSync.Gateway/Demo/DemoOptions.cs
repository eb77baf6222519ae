namespace GuestSync.Gateway.Demo;

/// <summary>The demo page settings (configuration section <c>Demo</c>).</summary>
internal sealed class DemoOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Demo";

    /// <summary>
    /// Whether the demo form is served at <c>/</c>. Default (unset): on in sandbox mode, off when live.
    /// Turning it on in live mode serves only the form and its result page, which send real updates to the
    /// configured organization; the "what Genesys received" view exists in sandbox mode only.
    /// Environment variable <c>Demo__Enabled</c>.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Whether the demo page carries a guest binding token the gateway mints itself (HS256 with
    /// <c>Profiles:default:Binding:Secret</c>, for the guest id on the page). Default <c>false</c>: a site's tokens come
    /// from its own backend. Needed to turn the demo on in live mode when the profile requires binding (the start
    /// fails otherwise, rather than serve a form that cannot post). Environment variable <c>Demo__MintBindingTokens</c>.
    /// </summary>
    public bool MintBindingTokens { get; set; }

    /// <summary>Where the demo form posts: the path of the profile-sync route. Default <c>/api/profile-sync</c>.</summary>
    public string FormAction { get; set; } = "/api/profile-sync";
}
