using System.Buffers;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Patching;

/// <summary>
/// Turns a checked <see cref="Submission"/> into the upstream request for its profile's dialect: a <c>PATCH</c> with an
/// RFC 6902 array for json-patch or a <c>{"changes":[…]}</c> body for external-contacts, a <c>POST</c> of a
/// <c>ContactEnrichRequest</c> for contacts-enrich (<c>PatchBuilder.Enrich.cs</c>). Encrypted fields
/// go through the <see cref="IFieldEncryptor"/> registered for the profile's envelope, bound to their
/// target and guest id. The sync time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class PatchBuilder
{
    public const string JsonPatchContentType = "application/json-patch+json";
    public const string JsonContentType = "application/json";
    public const string GuestsPathPrefix = "/api/v2/guests/";
    public const string ExternalContactsPathPrefix = "/api/v2/externalcontacts/contacts/";
    public const string EnrichPath = "/api/v2/externalcontacts/contacts/enrich";
    public const string BulkEnrichPath = "/api/v2/externalcontacts/bulk/contacts/enrich";

    // ISO-8601 UTC with milliseconds and 'Z', as JavaScript's toISOString() wrote it in the original.

    // Build is synchronous, so one writer and buffer per thread is reused without locking or pooling.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    // Property names encoded once: the writer then neither validates nor scans them per request.
    private static readonly JsonEncodedText Op = JsonEncodedText.Encode("op"u8);
    private static readonly JsonEncodedText Path = JsonEncodedText.Encode("path"u8);
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value"u8);
    private static readonly JsonEncodedText Field = JsonEncodedText.Encode("field"u8);
    private static readonly JsonEncodedText Action = JsonEncodedText.Encode("action"u8);
    private static readonly JsonEncodedText Changes = JsonEncodedText.Encode("changes"u8);

    private readonly Dictionary<EncryptionEnvelope, IFieldEncryptor> _encryptors = [];
    private readonly TimeProvider _timeProvider;

    public PatchBuilder(IEnumerable<IFieldEncryptor> encryptors, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(encryptors);
        ArgumentNullException.ThrowIfNull(timeProvider);
        foreach (var encryptor in encryptors)
        {
            _encryptors[encryptor.Envelope] = encryptor;
        }

        _timeProvider = timeProvider;
    }

    public UpstreamPatch Build(Submission submission, ProfileOptions profile)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(profile);

        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        try
        {
            switch (profile.Dialect)
            {
                case PatchDialect.JsonPatch:
                    WriteJsonPatch(writer, submission, profile);
                    break;
                case PatchDialect.ContactsEnrich:
                    WriteEnrich(writer, submission, profile);
                    break;
                default:
                    WriteExternalContactsChanges(writer, submission, profile);
                    break;
            }

            writer.Flush();
            var body = buffer.WrittenSpan.ToArray();
            if (profile.Dialect == PatchDialect.ContactsEnrich)
            {
                return new UpstreamPatch(HttpMethod.Post, EnrichPath, JsonContentType, body,
                    EnrichKey.For(profile.Enrich.IdentifierType, submission.GuestId));
            }

            var path = (profile.Dialect == PatchDialect.JsonPatch ? GuestsPathPrefix : ExternalContactsPathPrefix) + Uri.EscapeDataString(submission.GuestId);
            return new UpstreamPatch(HttpMethod.Patch, path, profile.Dialect == PatchDialect.JsonPatch ? JsonPatchContentType : JsonContentType, body, path);
        }
        finally
        {
            writer.Reset();
            buffer.Clear(); // Zeroes what was written: a failed build may have left plaintext in it.
        }
    }

    private void WriteJsonPatch(Utf8JsonWriter writer, Submission submission, ProfileOptions profile)
    {
        var operation = profile.EncodedOperation;
        writer.WriteStartArray();
        foreach (var field in submission.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString(Op, operation);
            writer.WriteString(Path, field.Options.EncodedTarget);
            writer.WritePropertyName(Value);
            WriteValue(writer, field, submission.GuestId, profile);
            writer.WriteEndObject();
        }

        if (profile.ShouldAddLastUpdated && profile.EffectiveLastUpdatedTarget is { } target)
        {
            writer.WriteStartObject();
            writer.WriteString(Op, operation);
            writer.WriteString(Path, target);
            writer.WritePropertyName(Value);
            WriteTimestamp(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WriteExternalContactsChanges(Utf8JsonWriter writer, Submission submission, ProfileOptions profile)
    {
        var action = profile.EncodedExternalContactsAction;
        writer.WriteStartObject();
        writer.WriteStartArray(Changes);
        foreach (var field in submission.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString(Field, field.Options.EncodedTarget);
            writer.WritePropertyName(Value);
            WriteValue(writer, field, submission.GuestId, profile);
            writer.WriteString(Action, action);
            writer.WriteEndObject();
        }

        if (profile.ShouldAddLastUpdated && profile.EffectiveLastUpdatedTarget is { } target)
        {
            writer.WriteStartObject();
            writer.WriteString(Field, target);
            writer.WritePropertyName(Value);
            WriteTimestamp(writer);
            writer.WriteString(Action, action);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteValue(Utf8JsonWriter writer, SubmittedField field, string guestId, ProfileOptions profile)
    {
        if (!field.Options.Encrypt)
        {
            writer.WriteStringValue(field.Value);
            return;
        }

        var encryptor = _encryptors.GetValueOrDefault(profile.Envelope)
            ?? throw new InvalidOperationException($"No field encryptor is registered for the '{profile.Envelope}' envelope.");
        var context = new FieldContext(field.Target, guestId);

        var plaintext = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(field.Value.Length));
        var plaintextLength = 0;
        byte[]? envelope = null;
        try
        {
            plaintextLength = Encoding.UTF8.GetBytes(field.Value, plaintext);
            var maxLength = encryptor.GetMaxEncryptedLength(plaintextLength, context);
            envelope = ArrayPool<byte>.Shared.Rent(maxLength + 2);
            var written = encryptor.Encrypt(plaintext.AsSpan(0, plaintextLength), context, envelope.AsSpan(1, maxLength));
            if (written < 0 || written > maxLength)
            {
                throw new InvalidOperationException($"The '{profile.Envelope}' encryptor reported an impossible length.");
            }

            // Envelopes are base64/base64url and dots only: nothing in them needs JSON escaping, and the
            // default encoder would turn every '+' of the seed-compatible envelope into \u002B.
            envelope[0] = (byte)'"';
            envelope[written + 1] = (byte)'"';
            writer.WriteRawValue(envelope.AsSpan(0, written + 2), skipInputValidation: true);
        }
        finally
        {
            plaintext.AsSpan(0, plaintextLength).Clear();
            ArrayPool<byte>.Shared.Return(plaintext);
            if (envelope is not null)
            {
                ArrayPool<byte>.Shared.Return(envelope);
            }
        }
    }

    /// <summary>ISO-8601 UTC with milliseconds, <c>2026-11-23T21:00:00.000Z</c>, written digit by digit (no format parsing per request).</summary>
    private void WriteTimestamp(Utf8JsonWriter writer)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        Span<byte> text = stackalloc byte[24];
        Digits(text[..4], now.Year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), now.Month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), now.Day);
        text[10] = (byte)'T';
        Digits(text.Slice(11, 2), now.Hour);
        text[13] = (byte)':';
        Digits(text.Slice(14, 2), now.Minute);
        text[16] = (byte)':';
        Digits(text.Slice(17, 2), now.Second);
        text[19] = (byte)'.';
        Digits(text.Slice(20, 3), now.Millisecond);
        text[23] = (byte)'Z';
        writer.WriteStringValue(text);

        static void Digits(Span<byte> destination, int value)
        {
            for (var i = destination.Length - 1; i >= 0; i--)
            {
                destination[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }
    }
}
