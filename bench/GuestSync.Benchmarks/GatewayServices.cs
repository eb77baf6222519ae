using System.Security.Cryptography;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Profiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GuestSync.Benchmarks;

/// <summary>
/// The gateway's own request-side services, wired by its real DI extensions over an in-memory configuration
/// holding one profile per envelope × dialect, so the benchmark measures exactly what the proxy route runs.
/// </summary>
internal sealed class GatewayServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public GatewayServices()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = $$"""{"keys":[{"kty":"oct","kid":"k1","k":"{{Base64Url(RandomNumberGenerator.GetBytes(32))}}"}]}""",
            ["Encryption:ActiveKeyId"] = "k1",
        };
        foreach (var envelope in Enum.GetValues<EncryptionEnvelope>())
        {
            foreach (var dialect in Enum.GetValues<PatchDialect>())
            {
                AddProfile(settings, ProfileName(envelope, dialect), envelope, dialect, encrypt: true);
            }
        }

        AddProfile(settings, PlainProfileName(PatchDialect.JsonPatch), EncryptionEnvelope.Jwe, PatchDialect.JsonPatch, encrypt: false);
        AddProfile(settings, PlainProfileName(PatchDialect.ExternalContacts), EncryptionEnvelope.Jwe, PatchDialect.ExternalContacts, encrypt: false);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(); // no providers: log calls cost what they cost in production with logging filtered out
        services.AddGatewayEncryption(configuration);
        services.AddGatewayProfiles(configuration);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Reader = _provider.GetRequiredService<FormReader>();
        Validator = _provider.GetRequiredService<SubmissionValidator>();
        Builder = _provider.GetRequiredService<PatchBuilder>();
        Profiles = _provider.GetRequiredService<IOptions<GatewayProfilesOptions>>().Value;
        KeyRings = _provider.GetRequiredService<IKeyRingProvider>();
        Encryptors = _provider.GetServices<IFieldEncryptor>().ToDictionary(encryptor => encryptor.Envelope);
    }

    /// <summary>The registered encryptor per envelope (with key usage counting, as in the gateway).</summary>
    public IReadOnlyDictionary<EncryptionEnvelope, IFieldEncryptor> Encryptors { get; }

    public FormReader Reader { get; }

    public SubmissionValidator Validator { get; }

    public PatchBuilder Builder { get; }

    public GatewayProfilesOptions Profiles { get; }

    public IKeyRingProvider KeyRings { get; }

    public ProfileOptions Profile(EncryptionEnvelope envelope, PatchDialect dialect) =>
        Profiles.TryGetProfile(ProfileName(envelope, dialect), out var profile)
            ? profile
            : throw new InvalidOperationException($"No benchmark profile for {envelope}/{dialect}.");

    /// <summary>The same three fields and targets with encryption off: what building and serializing cost without it.</summary>
    public ProfileOptions PlainProfile(PatchDialect dialect) =>
        Profiles.TryGetProfile(PlainProfileName(dialect), out var profile)
            ? profile
            : throw new InvalidOperationException($"No plain benchmark profile for {dialect}.");

    public void Dispose() => _provider.Dispose();

    private static string ProfileName(EncryptionEnvelope envelope, PatchDialect dialect) => $"{envelope}-{dialect}";

    private static string PlainProfileName(PatchDialect dialect) => $"Plain-{dialect}";

    // The default profile's three fields (name, email, phone), in each dialect's target syntax.
    private static void AddProfile(Dictionary<string, string?> settings, string name, EncryptionEnvelope envelope, PatchDialect dialect, bool encrypt)
    {
        var prefix = $"Profiles:{name}";
        var jsonPatch = dialect == PatchDialect.JsonPatch;
        settings[$"{prefix}:Envelope"] = envelope.ToString();
        settings[$"{prefix}:Dialect"] = dialect.ToString();
        foreach (var field in new[] { "name", "email", "phone" })
        {
            settings[$"{prefix}:Fields:{field}:Encrypt"] = encrypt ? "true" : "false";
        }

        settings[$"{prefix}:Fields:name:Target"] = jsonPatch ? "/name" : "$.customFields.name";
        settings[$"{prefix}:Fields:name:MaxLength"] = "200";
        settings[$"{prefix}:Fields:email:Target"] = jsonPatch ? "/email" : "$.customFields.email";
        settings[$"{prefix}:Fields:email:Format"] = nameof(FieldFormat.Email);
        settings[$"{prefix}:Fields:phone:Target"] = jsonPatch ? "/phone" : "$.customFields.phone";
        settings[$"{prefix}:Fields:phone:Format"] = nameof(FieldFormat.PhoneE164);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
