using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Tests.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>Submissions as the live path would queue them: real patches built by <see cref="PatchBuilder"/>
/// with a test key, so their bodies are real ciphertext.</summary>
internal sealed class OutboxTestSubmissions
{
    public const string Org = "default";
    private readonly PatchBuilder _builder;
    private readonly TimeProvider _time;
    private int _correlation;

    public OutboxTestSubmissions(TimeProvider time)
    {
        _time = time;
        _builder = new PatchBuilder([new JweFieldEncryptor(TestKeySets.Provider(Keys.KeyId, (Keys.KeyId, Keys.Key)))], time);
    }

    public TestKeys Keys { get; } = new();

    public ProfileOptions Profile { get; } = ProfileOptions.CreateDefault();

    /// <summary>A submission of the default profile for <paramref name="guestId"/>, accepted now.</summary>
    public OutboxSubmission For(string guestId, params (string Field, string Value)[] values) => For(guestId, _time.GetUtcNow(), values);

    public OutboxSubmission For(string guestId, DateTimeOffset acceptedAt, params (string Field, string Value)[] values)
    {
        var submission = new Submission(guestId, [.. values.Select(v => new SubmittedField(v.Field, Profile.Fields[v.Field], v.Value))]);
        var patch = _builder.Build(submission, Profile);
        var request = new OutboxRequest("PATCH", patch.PathAndQuery, patch.ContentType, patch.Body);
        return new OutboxSubmission(Org, patch.PathAndQuery, "default", guestId, request, acceptedAt, "corr-" + Interlocked.Increment(ref _correlation));
    }
}
