using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Security.BindingTokens;

/// <summary>Mints binding tokens the way a site backend would, plus the forgeries an attacker would try.</summary>
internal static class TestBindingTokens
{
    public const string Issuer = "https://shop.example.com";
    public const string Audience = "guestsync-gateway";
    public const string Secret = "binding-secret-for-tests-0123456789-abcdef";

    /// <summary>Settings that require a token on the default profile, HS256 with <see cref="Secret"/>.</summary>
    public static Dictionary<string, string?> RequiredSettings(string profile = "default") => new()
    {
        [$"Profiles:{profile}:Binding:Required"] = "true",
        [$"Profiles:{profile}:Binding:Issuer"] = Issuer,
        [$"Profiles:{profile}:Binding:Audience"] = Audience,
        [$"Profiles:{profile}:Binding:Secret"] = Secret,
    };

    public static string Hs256(
        string guestId,
        TimeSpan? lifetime = null,
        string issuer = Issuer,
        string audience = Audience,
        string secret = Secret,
        DateTime? notBefore = null,
        string claim = "sub") =>
        Create(guestId, new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256), lifetime, issuer, audience, notBefore, claim);

    public static string Create(
        string guestId,
        SigningCredentials credentials,
        TimeSpan? lifetime = null,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        string claim = "sub")
    {
        var now = DateTime.UtcNow;
        var issuedAt = notBefore ?? now;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(5)),
            Claims = new Dictionary<string, object> { [claim] = guestId },
            SigningCredentials = credentials,
        });
    }

    /// <summary>A well-formed token with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string guestId)
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{guestId}}","iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{exp}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>A JWKS holding the public half of <paramref name="rsa"/>.</summary>
    public static string Jwks(RSA rsa, string kid)
    {
        var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = kid });
        return $$"""{"keys":[{"kty":"RSA","kid":"{{kid}}","use":"sig","n":"{{key.N}}","e":"{{key.E}}"}]}""";
    }
}
