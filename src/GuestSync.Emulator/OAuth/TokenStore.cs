using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using GuestSync.Emulator.Configuration;

namespace GuestSync.Emulator.OAuth;

/// <summary>Issues opaque, unguessable access tokens (256 random bits), expires them by the emulator clock, revokes them.</summary>
internal sealed class TokenStore(EmulatorClock clock)
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private int _issued;

    /// <summary>Tokens issued since start (revocation does not lower it).</summary>
    public int TokensIssued => Volatile.Read(ref _issued);

    public (string AccessToken, IssuedToken Token) Issue(ClientRegistration client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var accessToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var token = new IssuedToken(client.ClientId, clock.UtcNow + client.TokenLifetime);
        _tokens[accessToken] = token;
        if (Interlocked.Increment(ref _issued) % SweepEvery == 0)
        {
            SweepExpired();
        }

        return (accessToken, token);
    }

    /// <summary>The live token for <paramref name="accessToken"/>, or null when unknown, expired or revoked.</summary>
    public IssuedToken? Find(string accessToken)
    {
        if (!_tokens.TryGetValue(accessToken, out var token))
        {
            return null;
        }

        if (clock.UtcNow < token.ExpiresAt)
        {
            return token;
        }

        _tokens.TryRemove(new KeyValuePair<string, IssuedToken>(accessToken, token));
        return null;
    }

    public void RevokeAll() => _tokens.Clear();

    private void SweepExpired()
    {
        var now = clock.UtcNow;
        foreach (var entry in _tokens)
        {
            if (now >= entry.Value.ExpiresAt)
            {
                _tokens.TryRemove(entry);
            }
        }
    }
}
