namespace GuestSync.Gateway.Security.BindingTokens;

/// <summary>
/// The guest binding token a profile's posts must carry (<c>Profiles:&lt;name&gt;:Binding</c>): a short-lived JWT,
/// signed by the site's own backend, naming the guest the form may write.
/// </summary>
internal sealed class GuestBindingOptions
{
    /// <summary>
    /// Whether every post must carry a valid token. Default (unset): <c>true</c>, except in the
    /// <c>Development</c> and <c>Testing</c> environments, where it is <c>false</c>. When <c>false</c> and keys are
    /// configured, a token that is sent is still validated.
    /// </summary>
    public bool? Required { get; set; }

    /// <summary>The token's required <c>iss</c>: the site backend that mints it. No default; required with keys.</summary>
    public string? Issuer { get; set; }

    /// <summary>The token's required <c>aud</c>: this gateway. No default; required with keys.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim naming the guest; it must equal the posted guest id. Default <c>sub</c>.</summary>
    public string GuestClaim { get; set; } = "sub";

    /// <summary>The form field carrying the token. Default <c>bindingToken</c>; never forwarded.</summary>
    public string FieldName { get; set; } = "bindingToken";

    /// <summary>The request header carrying the token, as an alternative to the field. Default <c>X-Guest-Binding</c>.</summary>
    public string HeaderName { get; set; } = "X-Guest-Binding";

    /// <summary>HS256/384/512 shared secret, as UTF-8 text of at least 32/48/64 bytes. Default none.</summary>
    public string? Secret { get; set; }

    /// <summary>A file holding <see cref="Secret"/> (e.g. a mounted Kubernetes secret); surrounding whitespace is trimmed. Default none.</summary>
    public string? SecretFile { get; set; }

    /// <summary>A JSON Web Key Set of public RSA or EC keys for RS*/PS*/ES* tokens. Default none.</summary>
    public string? Jwks { get; set; }

    /// <summary>A file holding <see cref="Jwks"/>. Default none.</summary>
    public string? JwksFile { get; set; }

    /// <summary>
    /// The only <c>alg</c> values accepted. Default (empty): <c>HS256</c> with a secret, <c>RS256</c> and <c>ES256</c>
    /// with a key set. <c>none</c> is never accepted.
    /// </summary>
    public List<string> Algorithms { get; } = [];

    /// <summary>Tolerance for clock differences on <c>exp</c> and <c>nbf</c>. Default 30 seconds, at most 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest accepted remaining lifetime (<c>exp</c> minus now): longer-lived tokens are refused. Default 15 minutes.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
