namespace GuestSync.Gateway.Genesys;

/// <summary>A resolved organization: absolute hosts and credentials. Never printed with its secret.</summary>
internal sealed class GenesysOrg
{
    public GenesysOrg(string name, Uri apiBaseUri, Uri loginBaseUri, string clientId, string clientSecret, GenesysOrgOptions options)
    {
        Name = name;
        ApiBaseUri = apiBaseUri;
        LoginBaseUri = loginBaseUri;
        ClientId = clientId;
        ClientSecret = clientSecret;
        Options = options;
    }

    public string Name { get; }

    public Uri ApiBaseUri { get; }

    public Uri LoginBaseUri { get; }

    public string ClientId { get; }

    public string ClientSecret { get; }

    public GenesysOrgOptions Options { get; }

    /// <summary>True when <paramref name="other"/> signs in the same way, so a token obtained for one serves the other.</summary>
    public bool HasSameCredentials(GenesysOrg other) =>
        LoginBaseUri == other.LoginBaseUri
        && string.Equals(ClientId, other.ClientId, StringComparison.Ordinal)
        && string.Equals(ClientSecret, other.ClientSecret, StringComparison.Ordinal);

    public override string ToString() => $"{Name} ({ApiBaseUri.Host})";
}
