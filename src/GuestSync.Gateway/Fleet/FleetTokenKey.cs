using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using GuestSync.Gateway.Genesys.Tokens;

namespace GuestSync.Gateway.Fleet;

/// <summary>
/// Seals an organization's bearer token for the shared database (AES-256-GCM) with a key every replica derives on
/// its own from that organization's OAuth client secret: HKDF-SHA256(secret, salt = client id,
/// info = "guestsync/fleet-token/v1"). Whoever can open the sealed token could fetch one with the secret anyway,
/// so the database (its backups, its operators, a leaked dump) learns nothing usable, and no new secret has to be
/// distributed or rotated. The field-encryption key set is deliberately NOT used: it is shared with whoever decrypts
/// the guests' fields downstream, who must not be able to read the gateway's token. When the client secret is
/// rotated, replicas with the new secret cannot open the old token and fetch a new one: the rotation is the renewal.
/// The organization and the token's times are authenticated (AAD), so a sealed token moved to another
/// organization's row, or given a later expiry by someone who can write the table, does not open.
/// </summary>
internal sealed class FleetTokenKey
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("guestsync/fleet-token/v1");

    private readonly byte[] _key;

    private FleetTokenKey(byte[] key) => _key = key;

    public static FleetTokenKey Derive(string clientId, string clientSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(clientSecret), 32, Encoding.UTF8.GetBytes(clientId), Info);
        return new FleetTokenKey(key);
    }

    /// <summary>nonce (12 bytes, fresh from the OS CSPRNG) ‖ ciphertext ‖ tag (16 bytes).</summary>
    public byte[] Seal(string org, AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var plaintext = Encoding.UTF8.GetBytes(token.Value);
        var sealedToken = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedToken.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedToken.AsSpan(NonceSize, plaintext.Length), sealedToken.AsSpan(NonceSize + plaintext.Length), Aad(org, token.RefreshAt, token.ExpiresAt));
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedToken;
    }

    /// <summary>The token, or null when it was sealed with another key (a rotated secret) or altered.</summary>
    public AccessToken? TryOpen(string org, ReadOnlySpan<byte> sealedToken, DateTimeOffset refreshAt, DateTimeOffset expiresAt)
    {
        if (sealedToken.Length < NonceSize + TagSize)
        {
            return null;
        }

        var cipherLength = sealedToken.Length - NonceSize - TagSize;
        var plaintext = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedToken[..NonceSize], sealedToken.Slice(NonceSize, cipherLength), sealedToken[^TagSize..], plaintext, Aad(org, refreshAt, expiresAt));
            return new AccessToken(Encoding.UTF8.GetString(plaintext), refreshAt, expiresAt);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public override string ToString() => "fleet token key";

    // PostgreSQL keeps microseconds: the times are authenticated at that precision so they survive the round trip.
    private static byte[] Aad(string org, DateTimeOffset refreshAt, DateTimeOffset expiresAt)
    {
        var orgBytes = Encoding.UTF8.GetBytes(org);
        var aad = new byte[orgBytes.Length + 16];
        orgBytes.CopyTo(aad, 0);
        BinaryPrimitives.WriteInt64BigEndian(aad.AsSpan(orgBytes.Length), Micros(refreshAt));
        BinaryPrimitives.WriteInt64BigEndian(aad.AsSpan(orgBytes.Length + 8), Micros(expiresAt));
        return aad;
    }

    private static long Micros(DateTimeOffset at) => at.UtcTicks / 10;
}
