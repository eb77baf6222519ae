using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Profiles;

namespace GuestSync.Benchmarks;

/// <summary>
/// Where "encrypt 3 fields + build + serialize" spends its time next to the three-call AES-GCM floor, side by side in
/// one run: the floor as <see cref="ProfileSyncBenchmarks"/> measures it, the same calls with what the JWE envelope adds
/// to AES-GCM one thing at a time (its protected header as AAD, a fresh nonce per value, the per-thread instance),
/// the encryptor alone, the patch built without encryption, and the whole build.
/// </summary>
/// <remarks>
/// Every row handles the same three validated values (name, email, phone) of <see cref="ProfileSyncBenchmarks.Form"/>;
/// the AAD rows use the very header bytes the encryptor writes for each field, so the difference between rows is the
/// cost of one step.
/// </remarks>
[MemoryDiagnoser]
public class JweCostBreakdownBenchmarks : IDisposable
{
    private readonly GatewayServices _services = new();
    private ProfileOptions _profile = null!;
    private ProfileOptions _plainProfile = null!;
    private Submission _submission = null!;
    private Submission _plainSubmission = null!;
    private FieldContext[] _contexts = null!;
    private byte[][] _plaintexts = null!;
    private byte[][] _headers = null!;
    private EncryptionKey _key = null!;
    private IFieldEncryptor _encryptor = null!;
    private JweFieldEncryptor _uncountedEncryptor = null!;
    private AesGcm _aes = null!;
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(EncryptionConstants.NonceSizeBytes);
    private readonly byte[] _ciphertext = new byte[256];
    private readonly byte[] _tag = new byte[EncryptionConstants.TagSizeBytes];
    private readonly byte[] _envelope = new byte[1024];
    private readonly byte[] _oneByte = [0x2e];

    [Params(PatchDialect.JsonPatch, PatchDialect.ExternalContacts)]
    public PatchDialect Dialect { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _profile = _services.Profile(EncryptionEnvelope.Jwe, Dialect);
        _plainProfile = _services.PlainProfile(Dialect);
        if (_plainProfile.Fields.Values.Any(field => field.Encrypt) || !_profile.Fields.Values.All(field => field.Encrypt))
        {
            throw new InvalidOperationException("The plain profile must encrypt nothing and the JWE profile every field.");
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in ProfileSyncBenchmarks.Form.Split('&'))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            fields[name] = Uri.UnescapeDataString(value.Replace('+', ' '));
        }

        _submission = _services.Validator.Validate(fields, _profile).Submission ?? throw new InvalidOperationException("The benchmark form is invalid.");
        _plainSubmission = _services.Validator.Validate(fields, _plainProfile).Submission!; // a submission carries its profile's field options
        _contexts = _submission.Fields.Select(field => new FieldContext(field.Target, _submission.GuestId)).ToArray();
        _plaintexts = _submission.Fields.Select(field => Encoding.UTF8.GetBytes(field.Value)).ToArray();
        _key = _services.KeyRings.Current.ActiveKey;
        _encryptor = _services.Encryptors[EncryptionEnvelope.Jwe];
        _uncountedEncryptor = new JweFieldEncryptor(_services.KeyRings);
        _headers = _plaintexts.Select((plaintext, i) =>
        {
            var written = _encryptor.Encrypt(plaintext, _contexts[i], _envelope);
            return _envelope.AsSpan(0, _envelope.AsSpan(0, written).IndexOf((byte)'.')).ToArray();
        }).ToArray();
        _aes = new AesGcm(_key.Material, EncryptionConstants.TagSizeBytes);
    }

    /// <summary>The baseline, as in <see cref="ProfileSyncBenchmarks"/>: one reused instance, one fixed nonce, no AAD.</summary>
    [Benchmark(Baseline = true, Description = "floor: Encrypt x3 (fixed nonce, no AAD)")]
    public byte[] Floor()
    {
        foreach (var plaintext in _plaintexts)
        {
            _aes.Encrypt(_nonce, plaintext, _ciphertext.AsSpan(0, plaintext.Length), _tag);
        }

        return _tag;
    }

    [Benchmark(Description = "floor + JWE header as AAD")]
    public byte[] FloorWithAad()
    {
        for (var i = 0; i < _plaintexts.Length; i++)
        {
            _aes.Encrypt(_nonce, _plaintexts[i], _ciphertext.AsSpan(0, _plaintexts[i].Length), _tag, _headers[i]);
        }

        return _tag;
    }

    /// <summary>A one-byte AAD: next to the row above, whether AAD costs per byte (GHASH) or per call (one more native call).</summary>
    [Benchmark(Description = "floor + 1-byte AAD")]
    public byte[] FloorWithOneByteAad()
    {
        foreach (var plaintext in _plaintexts)
        {
            _aes.Encrypt(_nonce, plaintext, _ciphertext.AsSpan(0, plaintext.Length), _tag, _oneByte);
        }

        return _tag;
    }

    [Benchmark(Description = "floor + fresh nonce (NonceGenerator)")]
    public byte[] FloorWithFreshNonce()
    {
        Span<byte> nonce = stackalloc byte[EncryptionConstants.NonceSizeBytes];
        foreach (var plaintext in _plaintexts)
        {
            NonceGenerator.Fill(nonce);
            _aes.Encrypt(nonce, plaintext, _ciphertext.AsSpan(0, plaintext.Length), _tag);
        }

        return _tag;
    }

    /// <summary>All the AES-GCM work the encryptor does, and nothing of the envelope: the fair floor for JWE.</summary>
    [Benchmark(Description = "floor + AAD + fresh nonce + AesGcmCache")]
    public byte[] FloorAsJweCallsIt()
    {
        Span<byte> nonce = stackalloc byte[EncryptionConstants.NonceSizeBytes];
        for (var i = 0; i < _plaintexts.Length; i++)
        {
            NonceGenerator.Fill(nonce);
            AesGcmCache.For(_key).Encrypt(nonce, _plaintexts[i], _ciphertext.AsSpan(0, _plaintexts[i].Length), _tag, _headers[i]);
        }

        return _tag;
    }

    [Benchmark(Description = "JweFieldEncryptor.Encrypt x3, no usage count")]
    public int EncryptorUncounted()
    {
        var written = 0;
        for (var i = 0; i < _plaintexts.Length; i++)
        {
            written += _uncountedEncryptor.Encrypt(_plaintexts[i], _contexts[i], _envelope);
        }

        return written;
    }

    [Benchmark(Description = "JweFieldEncryptor.Encrypt x3 (as registered)")]
    public int Encryptor()
    {
        var written = 0;
        for (var i = 0; i < _plaintexts.Length; i++)
        {
            written += _encryptor.Encrypt(_plaintexts[i], _contexts[i], _envelope);
        }

        return written;
    }

    [Benchmark(Description = "build + serialize, encryption off")]
    public object BuildPlain() => _services.Builder.Build(_plainSubmission, _plainProfile);

    [Benchmark(Description = "encrypt 3 fields + build + serialize")]
    public object Build() => _services.Builder.Build(_submission, _profile);

    public void Dispose()
    {
        _services.Dispose();
        _aes?.Dispose();
        GC.SuppressFinalize(this);
    }
}
