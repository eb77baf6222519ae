using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Encryption;

/// <summary>
/// Lets Microsoft.IdentityModel decrypt <c>A256GCM</c> on Linux. IdentityModel 8.x does A256GCM through its own
/// Windows-only BCrypt wrapper (DllNotFoundException 'BCrypt.dll' elsewhere; upstream
/// AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet#2126 and #2624). This provider swaps in only
/// the AES-GCM primitive; IdentityModel still parses the compact JWE, picks the key, checks alg/enc and builds the
/// associated data (the ASCII of the encoded header), so those stay independently checked.
/// </summary>
internal sealed class SystemAesGcmCryptoProvider : ICryptoProvider
{
    public static CryptoProviderFactory Factory { get; } = new() { CustomCryptoProvider = new SystemAesGcmCryptoProvider() };

    public bool IsSupportedAlgorithm(string algorithm, params object[] args) =>
        algorithm == SecurityAlgorithms.Aes256Gcm && args is [SymmetricSecurityKey, ..];

    public object Create(string algorithm, params object[] args) =>
        new Provider((SymmetricSecurityKey)args[0], algorithm);

    public void Release(object cryptoInstance) => (cryptoInstance as IDisposable)?.Dispose();

    private sealed class Provider(SymmetricSecurityKey key, string algorithm) : AuthenticatedEncryptionProvider(key, algorithm)
    {
        public override byte[] Decrypt(byte[] ciphertext, byte[] authenticatedData, byte[] iv, byte[] authenticationTag)
        {
            var plaintext = new byte[ciphertext.Length];
            using var aesGcm = new System.Security.Cryptography.AesGcm(key.Key, authenticationTag.Length);
            try
            {
                aesGcm.Decrypt(iv, ciphertext, authenticationTag, plaintext, authenticatedData);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new SecurityTokenDecryptionFailedException("AES-GCM authentication failed.", ex);
            }

            return plaintext;
        }
    }
}
