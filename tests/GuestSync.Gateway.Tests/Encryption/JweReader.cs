using System.Buffers.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Encryption;

/// <summary>Reads JWE values the way a backend would: Microsoft.IdentityModel decrypts, System.Text.Json reads the header.</summary>
internal static class JweReader
{
    /// <summary>
    /// Decrypts with IdentityModel's <see cref="JsonWebTokenHandler.DecryptToken(JsonWebToken, TokenValidationParameters)"/>,
    /// which returns the payload as text (no JSON needed), with the AES-GCM primitive from <see cref="SystemAesGcmCryptoProvider"/>.
    /// </summary>
    public static string Decrypt(string jwe, string kid, byte[] key) =>
        new JsonWebTokenHandler().DecryptToken(
            new JsonWebToken(jwe),
            new TokenValidationParameters
            {
                TokenDecryptionKey = new SymmetricSecurityKey(key) { KeyId = kid, CryptoProviderFactory = SystemAesGcmCryptoProvider.Factory },
                ValidAlgorithms = ["dir", "A256GCM"],
            });

    public static JsonElement Header(string jwe)
    {
        var encodedHeader = jwe[..jwe.IndexOf('.', StringComparison.Ordinal)];
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(encodedHeader));
        return document.RootElement.Clone();
    }

    public static string Kid(string jwe) => Header(jwe).GetProperty("kid").GetString()!;
}
