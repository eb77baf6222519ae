using System.Buffers.Text;
using System.Text;
using GuestSync.Gateway.Encryption;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Tests.Encryption;

public sealed class JweFieldEncryptorTests
{
    private const string Kid = "2025-01";
    private static readonly FieldContext Email = new("/email", "0f8fad5b-d9cb-469f-a165-70867728950e");
    private readonly byte[] _key = TestKeySets.NewKey();
    private readonly JweFieldEncryptor _encryptor;

    public JweFieldEncryptorTests() => _encryptor = new JweFieldEncryptor(TestKeySets.Provider(Kid, (Kid, _key)));

    public static TheoryData<string> Texts() => new()
    {
        "ada@example.com",
        "+447700900123",
        "O'Brien \"Ada\" <ada@example.com> & co \\ /",
        "山田 太郎",
        "Zoe\u0308 Ame\u0301lie n\u0303",
        "👩🏽‍💻 🇬🇧 🙂",
        "مرحبا بالعالم",
        new string('x', 5000),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Jwe_value_decrypts_with_IdentityModel_to_the_submitted_text(string text)
    {
        var jwe = _encryptor.Encrypt(text, Email);

        Assert.Equal(text, JweReader.Decrypt(jwe, Kid, _key));
    }

    [Fact]
    public void Empty_jwe_value_has_an_empty_ciphertext_that_still_authenticates()
    {
        // RFC 7516 allows it; IdentityModel's JsonWebToken refuses an empty ciphertext (IDX14306), so it is read here by hand.
        var parts = _encryptor.Encrypt(string.Empty, Email).Split('.');

        Assert.Empty(parts[3]);
        using var aesGcm = new System.Security.Cryptography.AesGcm(_key, 16);
        aesGcm.Decrypt(Base64Url.DecodeFromChars(parts[2]), Array.Empty<byte>(), Base64Url.DecodeFromChars(parts[4]), Array.Empty<byte>(), Encoding.ASCII.GetBytes(parts[0]));
    }

    [Fact]
    public void Jwe_protected_header_carries_alg_enc_kid_fld_and_gid()
    {
        var header = JweReader.Header(_encryptor.Encrypt("ada@example.com", Email));

        Assert.Equal("dir", header.GetProperty("alg").GetString());
        Assert.Equal("A256GCM", header.GetProperty("enc").GetString());
        Assert.Equal(Kid, header.GetProperty("kid").GetString());
        Assert.Equal("/email", header.GetProperty("fld").GetString());
        Assert.Equal(Email.GuestId, header.GetProperty("gid").GetString());
    }

    [Fact]
    public void Jwe_header_keeps_quotes_backslashes_and_unicode_in_field_and_guest_exact()
    {
        var context = new FieldContext("/a\"b\\c/~1\u00e9\u0000\n👩", "guest \"</script>\" 山");

        var jwe = _encryptor.Encrypt("value", context);

        var header = JweReader.Header(jwe);
        Assert.Equal(context.TargetPath, header.GetProperty("fld").GetString());
        Assert.Equal(context.GuestId, header.GetProperty("gid").GetString());
        Assert.Equal("value", JweReader.Decrypt(jwe, Kid, _key));
    }

    [Fact]
    public void Jwe_is_five_base64url_parts_with_an_empty_encrypted_key_a_96_bit_iv_and_a_128_bit_tag()
    {
        var parts = _encryptor.Encrypt("ada@example.com", Email).Split('.');

        Assert.Equal(5, parts.Length);
        Assert.Empty(parts[1]);
        Assert.Equal(12, Base64Url.DecodeFromChars(parts[2]).Length);
        Assert.Equal("ada@example.com".Length, Base64Url.DecodeFromChars(parts[3]).Length);
        Assert.Equal(16, Base64Url.DecodeFromChars(parts[4]).Length);
        Assert.All(parts, part => Assert.True(Base64Url.IsValid(part) && !part.Contains('=', StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_jwe_value_gets_its_own_nonce()
    {
        var ivs = Enumerable.Range(0, 10_000)
            .Select(_ => _encryptor.Encrypt("same text", Email).Split('.')[2])
            .ToList();

        Assert.Equal(ivs.Count, ivs.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(2)] // iv
    [InlineData(3)] // ciphertext
    [InlineData(4)] // tag
    public void Tampered_jwe_part_fails_decryption(int part)
    {
        var parts = _encryptor.Encrypt("ada@example.com", Email).Split('.');
        var bytes = Base64Url.DecodeFromChars(parts[part]);
        bytes[0] ^= 0x01;
        parts[part] = Base64Url.EncodeToString(bytes);

        Assert.ThrowsAny<SecurityTokenException>(() => JweReader.Decrypt(string.Join('.', parts), Kid, _key));
    }

    [Theory]
    [InlineData("fld", "/phone")]
    [InlineData("gid", "7c9e6679-7425-40de-944b-e07fc1f90ae7")]
    public void Jwe_value_moved_to_another_field_or_guest_fails_decryption(string member, string forgedValue)
    {
        var parts = _encryptor.Encrypt("ada@example.com", Email).Split('.');
        var header = JweReader.Header(string.Join('.', parts));
        var forged = new Dictionary<string, string?>
        {
            ["alg"] = header.GetProperty("alg").GetString(),
            ["enc"] = header.GetProperty("enc").GetString(),
            ["kid"] = header.GetProperty("kid").GetString(),
            ["fld"] = header.GetProperty("fld").GetString(),
            ["gid"] = header.GetProperty("gid").GetString(),
        };
        forged[member] = forgedValue;
        parts[0] = Base64Url.EncodeToString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(forged));

        Assert.ThrowsAny<SecurityTokenException>(() => JweReader.Decrypt(string.Join('.', parts), Kid, _key));
    }

    [Fact]
    public void Jwe_value_does_not_decrypt_with_another_key()
    {
        var jwe = _encryptor.Encrypt("ada@example.com", Email);

        Assert.ThrowsAny<SecurityTokenException>(() => JweReader.Decrypt(jwe, Kid, TestKeySets.NewKey()));
    }

    [Fact]
    public void Jwe_output_is_ascii_and_within_GetMaxEncryptedLength()
    {
        var random = new Random(20250101);
        for (var i = 0; i < 500; i++)
        {
            var plaintext = RandomUtf8(random, random.Next(0, 300));
            var context = new FieldContext(RandomString(random, random.Next(0, 40)), RandomString(random, random.Next(0, 40)));
            var destination = new byte[_encryptor.GetMaxEncryptedLength(plaintext.Length, context)];

            var written = _encryptor.Encrypt(plaintext, context, destination);

            Assert.InRange(written, 1, destination.Length);
            Assert.True(Ascii.IsValid(destination.AsSpan(0, written)));
        }
    }

    [Fact]
    public void Destination_shorter_than_GetMaxEncryptedLength_is_refused()
    {
        var plaintext = "ada@example.com"u8.ToArray();
        var destination = new byte[_encryptor.GetMaxEncryptedLength(plaintext.Length, Email) - 1];

        Assert.Throws<ArgumentException>(() => _encryptor.Encrypt(plaintext, Email, destination));
    }

    [Fact]
    public void Default_field_context_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => _encryptor.Encrypt("ada@example.com", default(FieldContext)));
    }

    private static byte[] RandomUtf8(Random random, int length) => Encoding.UTF8.GetBytes(RandomString(random, length));

    private static string RandomString(Random random, int length)
    {
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            builder.Append(char.ConvertFromUtf32(random.Next(4) switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0x00, 0x20),
                2 => random.Next(0x4E00, 0x9FFF),
                _ => random.Next(0x1F300, 0x1FAFF),
            }));
        }

        return builder.ToString();
    }
}
