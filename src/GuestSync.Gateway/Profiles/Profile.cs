using System.Collections.Frozen;
using GuestSync.Gateway.Security.BindingTokens;

namespace GuestSync.Gateway.Profiles;

/// <summary>A profile ready to serve: its settings, its binding rules with keys loaded, its allowed origins normalized.</summary>
internal sealed class Profile
{
    public Profile(string name, ProfileOptions options, BindingPolicy binding, FrozenSet<string> allowedOrigins)
    {
        Name = name;
        Options = options;
        Binding = binding;
        AllowedOrigins = allowedOrigins;
    }

    public string Name { get; }

    public ProfileOptions Options { get; }

    public BindingPolicy Binding { get; }

    /// <summary>The <c>AllowedOrigins</c>, normalized as browsers send them.</summary>
    public FrozenSet<string> AllowedOrigins { get; }
}
