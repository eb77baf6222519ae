using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Profiles;
using Microsoft.AspNetCore.Http;

namespace GuestSync.Benchmarks;

/// <summary>
/// What the profile-sync route does per request before YARP sends it: read the urlencoded form, validate it,
/// encrypt the three fields and build and serialize the patch; each stage alone and all together.
/// </summary>
/// <remarks>
/// The <see cref="DefaultHttpContext"/> is reused across invocations, as Kestrel pools it per connection, so
/// its own allocation is not charged to the gateway; only the body stream is rewound.
/// </remarks>
[MemoryDiagnoser]
public class ProfileSyncBenchmarks : IDisposable
{
    /// <summary>A realistic site post: a UUID guest id, a name, an email and a national-format phone number.</summary>
    public const string Form =
        "guestId=6f1c2a9e-3b4d-4e5f-8a9b-0c1d2e3f4a5b&name=Ada+Lovelace&email=ada.lovelace%40example.com&phone=%2B44+20+7946+0000";

    private static readonly byte[] FormBytes = Encoding.ASCII.GetBytes(Form);

    private readonly GatewayServices _services = new();
    private readonly MemoryStream _body = new(FormBytes, writable: false);
    private readonly DefaultHttpContext _http = new();
    private ProfileOptions _profile = null!;
    private IReadOnlyDictionary<string, string> _fields = null!;
    private Submission _submission = null!;
    private AesGcm _floorAes = null!;
    private byte[][] _floorPlaintexts = null!;
    private readonly byte[] _floorNonce = RandomNumberGenerator.GetBytes(12);
    private readonly byte[] _floorCiphertext = new byte[256];
    private readonly byte[] _floorTag = new byte[16];

    [Params(EncryptionEnvelope.Jwe, EncryptionEnvelope.SeedCompatible)]
    public EncryptionEnvelope Envelope { get; set; }

    [Params(PatchDialect.JsonPatch, PatchDialect.ExternalContacts)]
    public PatchDialect Dialect { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _profile = _services.Profile(Envelope, Dialect);
        _http.Request.Method = HttpMethods.Post;
        _http.Request.ContentType = "application/x-www-form-urlencoded";
        _http.Request.ContentLength = FormBytes.Length;
        _http.Request.Body = _body;
        _fields = ReadFormAsync().GetAwaiter().GetResult();
        _submission = ValidateSubmission();
        _ = BuildPatch(); // fails fast here rather than in a measured iteration
        _floorAes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _floorPlaintexts = _submission.Fields.Select(field => Encoding.UTF8.GetBytes(field.Value)).ToArray();
    }

    /// <summary>
    /// The floor of a request's encryption: one <see cref="AesGcm.Encrypt(byte[], byte[], byte[], byte[], byte[])"/> per
    /// submitted field (three here, of the validated values' lengths) on a reused instance, with no nonce generation,
    /// envelope or JSON. The baseline, so the Ratio column is each step's cost in multiples of this floor.
    /// </summary>
    [Benchmark(Baseline = true, Description = "floor: AesGcm.Encrypt x fields")]
    public byte[] EncryptFloor()
    {
        foreach (var plaintext in _floorPlaintexts)
        {
            _floorAes.Encrypt(_floorNonce, plaintext, _floorCiphertext.AsSpan(0, plaintext.Length), _floorTag);
        }

        return _floorTag;
    }

    // ValueTask, as the gateway's own ReadAsync: a Task<T> per call here (72 B) was the harness's allocation, not the gateway's.
    [Benchmark(Description = "read form")]
    public async ValueTask<IReadOnlyDictionary<string, string>> ReadFormAsync()
    {
        _body.Position = 0;
        var read = await _services.Reader.ReadAsync(_http.Request, _profile.Limits, CancellationToken.None).ConfigureAwait(false);
        return read.Problem is null ? read.Fields : throw new InvalidOperationException(read.Problem.Title);
    }

    // The gateway's result types are internal, so the benchmarks return them as object (no boxing: classes).
    [Benchmark(Description = "validate")]
    public object Validate() => ValidateSubmission();

    [Benchmark(Description = "encrypt 3 fields + build + serialize")]
    public object BuildPatch() => _services.Builder.Build(_submission, _profile);

    [Benchmark(Description = "whole request (read + validate + build)")]
    public async ValueTask<object> WholeRequestAsync()
    {
        var fields = await ReadFormAsync().ConfigureAwait(false);
        var submission = _services.Validator.Validate(fields, _profile).Submission!;
        return _services.Builder.Build(submission, _profile);
    }

    private Submission ValidateSubmission() =>
        _services.Validator.Validate(_fields, _profile).Submission ?? throw new InvalidOperationException("The benchmark form is invalid.");

    public void Dispose()
    {
        _services.Dispose();
        _body.Dispose();
        _floorAes?.Dispose();
        GC.SuppressFinalize(this);
    }
}
