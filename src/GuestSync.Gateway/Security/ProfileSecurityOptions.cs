using GuestSync.Gateway.Security.BindingTokens;

namespace GuestSync.Gateway.Security;

/// <summary>The browser-facing security settings of one profile, read from the same <c>Profiles:&lt;name&gt;</c> section.</summary>
public sealed class ProfileSecurityOptions
{
    /// <summary>The guest binding token rules (<c>Profiles:&lt;name&gt;:Binding</c>).</summary>
    public GuestBindingOptions Binding { get; set; } = new();

    /// <summary>
    /// Origins (<c>https://shop.example.com</c>, no path, no wildcard) whose pages may post this profile's form
    /// cross-site and get CORS answers. Default empty: only same-origin and non-browser posts.
    /// </summary>
    public List<string> AllowedOrigins { get; } = [];
}
