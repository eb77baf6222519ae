using System.Net.Http.Headers;

namespace GuestSync.Gateway.Tests.Security.HostileInput;

/// <summary>One generated hostile post: its kind (for the tally), body, claimed type and length, binding token, and the guest it names.</summary>
internal sealed record HostileCase(string Kind, byte[] Body, string? ContentType, string? Token, long? ClaimedLength = null)
{
    /// <summary>The guest id the case posts for, when it has one: it must never reach Genesys.</summary>
    public string? Guest { get; init; }

    /// <summary>Extra request headers (trace context from the "browser"): never forwarded, never trusted.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Sends the first part of the body, then stalls past the body read deadline.</summary>
    public bool Stalls { get; init; }

    public HttpRequestMessage ToRequest()
    {
        HttpContent content = Stalls ? new StreamContent(new StallingStream(Body[..(Body.Length / 2)])) : new ByteArrayContent(Body);
        if (ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        if (ClaimedLength is { } length)
        {
            content.Headers.ContentLength = length;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = content };
        if (Token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Guest-Binding", Token);
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>Gives <paramref name="head"/>, then waits (up to 10 s, or until the request is dropped) before ending.</summary>
    private sealed class StallingStream(byte[] head) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < head.Length)
            {
                var count = Math.Min(buffer.Length, head.Length - _position);
                head.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public override string ToString() => $"{Kind}: {ContentType} ({Body.Length} bytes{(ClaimedLength is { } l ? $", claims {l}" : string.Empty)})";
}
