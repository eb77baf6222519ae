using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Idempotency;

/// <summary>Idempotency settings that cannot work fail the start and name the setting, never a key.</summary>
public sealed class IdempotencySettingsTests
{
    [Theory]
    [InlineData("Profiles:default:IdempotencyField", "email", "Profiles:default:IdempotencyField 'email' is also the guest id or a profile field")]
    [InlineData("Profiles:default:IdempotencyField", "guestId", "Profiles:default:IdempotencyField 'guestId' is also the guest id or a profile field")]
    [InlineData("Idempotency:Retention", "00:00:00", "Idempotency:Retention must be a positive time span")]
    [InlineData("Idempotency:Lease", "-00:00:01", "Idempotency:Lease must be a positive time span")]
    [InlineData("Idempotency:FingerprintKey", "c2hvcnQta2V5", "Idempotency:FingerprintKey must be base64 of at least 32 bytes")]
    public async Task A_setting_that_cannot_work_fails_the_start_naming_it(string setting, string value, string expected)
    {
        await using var host = await GatewayHost.StartAsync();

        var messages = await StartFailure.MessagesAsync(() => host.NewFactory(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(expected, messages, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQta2V5", messages, StringComparison.Ordinal);
    }
}
