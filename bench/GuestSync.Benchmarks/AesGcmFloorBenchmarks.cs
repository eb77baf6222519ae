using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace GuestSync.Benchmarks;

/// <summary>
/// The floor: one AES-256-GCM encryption of one field value with a reused <see cref="AesGcm"/> and no envelope,
/// nonce generation or encoding. Three of these are the least any implementation can spend on a request.
/// </summary>
[MemoryDiagnoser]
public class AesGcmFloorBenchmarks : IDisposable
{
    private readonly AesGcm _aes = new(RandomNumberGenerator.GetBytes(32), 16);
    private readonly byte[] _plaintext = Encoding.UTF8.GetBytes("ada.lovelace@example.com");
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(12);
    private readonly byte[] _ciphertext = new byte[24];
    private readonly byte[] _tag = new byte[16];

    [Benchmark(Description = "AesGcm.Encrypt, one 24-byte field")]
    public byte[] EncryptOneField()
    {
        _aes.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        return _tag;
    }

    public void Dispose()
    {
        _aes.Dispose();
        GC.SuppressFinalize(this);
    }
}
