using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Validates the key set when options are created, so <c>ValidateOnStart</c> stops the gateway with every
/// problem listed. A reload that fails here is caught by <see cref="KeyRingProvider"/>, which keeps its ring.
/// </summary>
internal sealed class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, EncryptionOptions options) =>
        KeySetLoader.TryLoad(options, out var errors) is null
            ? ValidateOptionsResult.Fail(errors)
            : ValidateOptionsResult.Success;
}
