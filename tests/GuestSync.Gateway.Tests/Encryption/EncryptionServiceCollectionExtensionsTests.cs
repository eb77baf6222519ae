using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestSync.Gateway.Tests.Encryption;

public sealed class EncryptionServiceCollectionExtensionsTests
{
    private static readonly FieldContext Name = new("/name", "0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void Every_envelope_has_an_encryptor_that_writes_it()
    {
        using var services = BuildServices(SandboxKeys.Create());
        var envelopes = services.GetServices<IFieldEncryptor>().Select(encryptor => encryptor.Envelope);

        Assert.Equal(Enum.GetValues<EncryptionEnvelope>().Order(), envelopes.Order());
    }

    [Fact]
    public void Registering_twice_registers_the_key_set_compiler_once()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();

        services.AddGatewayEncryption(configuration).AddGatewayEncryption(configuration);

        Assert.Single(services, descriptor => descriptor.ImplementationType == typeof(KeySetCompiler));
    }

    [Fact]
    public void Encrypting_three_fields_allocates_only_the_three_result_strings()
    {
        using var services = BuildServices(SandboxKeys.Create());
        var jwe = services.GetServices<IFieldEncryptor>().Single(encryptor => encryptor.Envelope == EncryptionEnvelope.Jwe);
        EncryptThreeFields(jwe); // warm up: this thread's AesGcm and nonce batch

        var before = GC.GetAllocatedBytesForCurrentThread();
        var (name, email, phone) = EncryptThreeFields(jwe);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A string costs 22 bytes of header plus 2 bytes per char (rounded to 8); anything more is overhead.
        var strings = new[] { name, email, phone }.Sum(length => ((22 + (2 * length)) + 7) / 8 * 8);
        Assert.InRange(allocated, 0, strings);
        Assert.True(allocated < 4096, $"{allocated} bytes");
    }

    private static (int Name, int Email, int Phone) EncryptThreeFields(IFieldEncryptor encryptor) =>
    (
        encryptor.Encrypt("Ada Lovelace", Name).Length,
        encryptor.Encrypt("ada@example.com", Name with { TargetPath = "/email" }).Length,
        encryptor.Encrypt("+447700900123", Name with { TargetPath = "/phone" }).Length
    );

    private static ServiceProvider BuildServices(SandboxKeySet keySet)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keySet.ToConfiguration()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddGatewayEncryption(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
