using System.Text;
using BenchmarkDotNet.Attributes;
using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Idempotency;
using GuestSync.Gateway.Profiles;
using Microsoft.AspNetCore.Http;

namespace GuestSync.Benchmarks;

/// <summary>
/// What an idempotency key adds to a request in process: reading the key, digesting the submission, claiming the key
/// in the SQLite store (a write transaction) and keeping the answer (another), next to the same request without a key.
/// Every keyed invocation uses a new key, so each claim is a real insert into a growing table, as in production.
/// </summary>
[MemoryDiagnoser]
public class IdempotencyBenchmarks : IDisposable
{
    private static readonly byte[] FormBytes = Encoding.ASCII.GetBytes(ProfileSyncBenchmarks.Form);
    private static readonly RecordedAnswer Synced = new(200, "application/json; charset=utf-8", [],
        Encoding.UTF8.GetBytes("""{"status":"synced","guestId":"6f1c2a9e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"}"""));

    private readonly GatewayServices _services = new();
    private readonly MemoryStream _body = new(FormBytes, writable: false);
    private readonly DefaultHttpContext _http = new();
    private readonly IdempotencyFingerprints _fingerprints = new(key: null);
    private string _directory = null!;
    private SqliteIdempotencyStore _store = null!;
    private ProfileOptions _profile = null!;
    private long _keys;

    [GlobalSetup]
    public void Setup()
    {
        _profile = _services.Profile(EncryptionEnvelope.Jwe, PatchDialect.JsonPatch);
        _http.Request.Method = HttpMethods.Post;
        _http.Request.ContentType = "application/x-www-form-urlencoded";
        _http.Request.ContentLength = FormBytes.Length;
        _http.Request.Body = _body;
        // Made here, not in a field initializer: BenchmarkDotNet creates instances it never sets up, and calls
        // [GlobalCleanup] rather than Dispose, so each run used to leave a folder per instance in /tmp.
        _directory = Directory.CreateTempSubdirectory("guestsync-bench-idem-").FullName;
        _store = new SqliteIdempotencyStore("Data Source=" + Path.Combine(_directory, "guestsync.db"));
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        KeepRepeatAnswer();
    }

    [Benchmark(Baseline = true, Description = "no key: read + validate + build")]
    public async Task<object> UnkeyedAsync()
    {
        var (_, submission) = await ReadAsync().ConfigureAwait(false);
        return _services.Builder.Build(submission, _profile);
    }

    [Benchmark(Description = "keyed: + key, fingerprint, claim, keep answer (SQLite)")]
    public async Task<object> KeyedAsync()
    {
        _http.Request.Headers["Idempotency-Key"] = "\"bench-" + Interlocked.Increment(ref _keys).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";
        var (fields, submission) = await ReadAsync().ConfigureAwait(false);
        var key = IdempotencyKeyReader.Read(_http.Request, fields, _profile.IdempotencyField).Key!;
        var scope = _fingerprints.For("bench", submission, key);
        var token = Guid.NewGuid();
        var now = TimeProvider.System.GetUtcNow();
        if ((await _store.ClaimAsync(scope, token, now, now.AddMinutes(2), CancellationToken.None).ConfigureAwait(false)).Status != IdempotencyClaimStatus.Claimed)
        {
            throw new InvalidOperationException("A new key was not claimed.");
        }

        var patch = _services.Builder.Build(submission, _profile);
        await _store.CompleteAsync(scope.Id, token, Synced, now.AddHours(24), CancellationToken.None).ConfigureAwait(false);
        return patch;
    }

    [Benchmark(Description = "key, fingerprint only (no store)")]
    public async Task<object> FingerprintOnlyAsync()
    {
        _http.Request.Headers["Idempotency-Key"] = "\"bench-key\"";
        var (fields, submission) = await ReadAsync().ConfigureAwait(false);
        var key = IdempotencyKeyReader.Read(_http.Request, fields, _profile.IdempotencyField).Key!;
        return _fingerprints.For("bench", submission, key);
    }

    [Benchmark(Description = "repeat: key, fingerprint, replayed answer read")]
    public async Task<object> RepeatAsync()
    {
        _http.Request.Headers["Idempotency-Key"] = "\"bench-repeat\"";
        var (fields, submission) = await ReadAsync().ConfigureAwait(false);
        var scope = _fingerprints.For("bench", submission, IdempotencyKeyReader.Read(_http.Request, fields, _profile.IdempotencyField).Key!);
        var now = TimeProvider.System.GetUtcNow();
        var claim = await _store.ClaimAsync(scope, Guid.NewGuid(), now, now.AddMinutes(2), CancellationToken.None).ConfigureAwait(false);
        if (claim.Status == IdempotencyClaimStatus.Claimed)
        {
            throw new InvalidOperationException("The repeat's key was not kept.");
        }

        return claim;
    }

    private void KeepRepeatAnswer()
    {
        _http.Request.Headers["Idempotency-Key"] = "\"bench-repeat\"";
        var (fields, submission) = ReadAsync().GetAwaiter().GetResult();
        var scope = _fingerprints.For("bench", submission, IdempotencyKeyReader.Read(_http.Request, fields, _profile.IdempotencyField).Key!);
        var token = Guid.NewGuid();
        var now = TimeProvider.System.GetUtcNow();
        if (_store.ClaimAsync(scope, token, now, now.AddMinutes(2), CancellationToken.None).GetAwaiter().GetResult().Status == IdempotencyClaimStatus.Claimed)
        {
            _store.CompleteAsync(scope.Id, token, Synced, now.AddHours(24), CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _store?.Dispose();
        _store = null!;
        _services.Dispose();
        _body.Dispose();
        if (_directory is null)
        {
            GC.SuppressFinalize(this);
            return;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp.
        }

        GC.SuppressFinalize(this);
    }

    private async Task<(IReadOnlyDictionary<string, string> Fields, Submission Submission)> ReadAsync()
    {
        _body.Position = 0;
        var read = await _services.Reader.ReadAsync(_http.Request, _profile.Limits, CancellationToken.None).ConfigureAwait(false);
        var fields = read.Problem is null ? read.Fields : throw new InvalidOperationException(read.Problem.Title);
        return (fields, _services.Validator.Validate(fields, _profile).Submission ?? throw new InvalidOperationException("The benchmark form is invalid."));
    }
}
