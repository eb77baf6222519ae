using System.Security.Cryptography;
using System.Text;
using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Tests.Encryption;

public sealed class SeedCompatibleFieldEncryptorTests
{
    private static readonly FieldContext Phone = new("/phone", "0f8fad5b-d9cb-469f-a165-70867728950e");
    private readonly byte[] _key = TestKeySets.NewKey();
    private readonly SeedCompatibleFieldEncryptor _encryptor;

    public SeedCompatibleFieldEncryptorTests() => _encryptor = new SeedCompatibleFieldEncryptor(TestKeySets.Provider("k1", ("k1", _key)));

    [Theory]
    [MemberData(nameof(JweFieldEncryptorTests.Texts), MemberType = typeof(JweFieldEncryptorTests))]
    public void Seed_compatible_value_decrypts_with_plain_AesGcm_to_the_submitted_text(string text)
    {
        var value = _encryptor.Encrypt(text, Phone);

        Assert.Equal(text, Decrypt(value, _key));
    }

    [Fact]
    public void Empty_seed_compatible_value_round_trips()
    {
        Assert.Equal(string.Empty, Decrypt(_encryptor.Encrypt(string.Empty, Phone), _key));
    }

    [Fact]
    public void Seed_compatible_value_is_standard_base64_of_nonce_ciphertext_and_tag()
    {
        var plaintext = "+447700900123?>>>"u8.ToArray();

        var value = _encryptor.Encrypt(Encoding.UTF8.GetString(plaintext), Phone);

        Assert.Equal(12 + plaintext.Length + 16, Convert.FromBase64String(value).Length);
        Assert.DoesNotContain('-', value);
        Assert.DoesNotContain('_', value);
    }

    [Fact]
    public void Every_seed_compatible_value_gets_its_own_nonce()
    {
        var nonces = Enumerable.Range(0, 10_000)
            .Select(_ => Convert.ToHexString(Convert.FromBase64String(_encryptor.Encrypt("same", Phone)).AsSpan(0, 12)))
            .ToList();

        Assert.Equal(nonces.Count, nonces.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(0)] // nonce
    [InlineData(12)] // ciphertext
    [InlineData(-1)] // tag (last byte)
    public void Tampered_seed_compatible_value_fails_decryption(int offset)
    {
        var raw = Convert.FromBase64String(_encryptor.Encrypt("+447700900123", Phone));
        raw[offset < 0 ? raw.Length + offset : offset] ^= 0x80;

        Assert.Throws<AuthenticationTagMismatchException>(() => Decrypt(Convert.ToBase64String(raw), _key));
    }

    [Fact]
    public void Seed_compatible_output_fits_GetMaxEncryptedLength_exactly()
    {
        var plaintext = "ada@example.com"u8.ToArray();
        var destination = new byte[_encryptor.GetMaxEncryptedLength(plaintext.Length, Phone)];

        Assert.Equal(destination.Length, _encryptor.Encrypt(plaintext, Phone, destination));
        Assert.Throws<ArgumentException>(() => _encryptor.Encrypt(plaintext, Phone, destination.AsSpan(1)));
    }

    /// <summary>What the original backend does: split nonce ‖ ciphertext ‖ tag and open it with AES-GCM.</summary>
    private static string Decrypt(string value, byte[] key)
    {
        var raw = Convert.FromBase64String(value);
        var plaintext = new byte[raw.Length - 12 - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(raw.AsSpan(0, 12), raw.AsSpan(12, plaintext.Length), raw.AsSpan(raw.Length - 16), plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }
}
