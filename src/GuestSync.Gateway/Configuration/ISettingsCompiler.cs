namespace GuestSync.Gateway.Configuration;

/// <summary>
/// Turns one reloadable section's bound options into what the gateway runs on, checking every rule on the way
/// (so start-up and reload cannot disagree). Errors name the setting as <c>Section:Key</c>, never a secret.
/// </summary>
internal interface ISettingsCompiler<in TOptions, TValue>
    where TValue : class
{
    /// <summary>The configuration section, as operators write it (<c>Profiles</c>, <c>Genesys</c>, <c>Encryption</c>).</summary>
    string Section { get; }

    /// <summary>The value to run on, or null when <paramref name="errors"/> received at least one error.</summary>
    TValue? Compile(TOptions options, List<string> errors);

    /// <summary>What is in force, read after "still": e.g. <c>encrypting with key 2026-11</c>. Never a secret.</summary>
    string Describe(TValue value);
}
