namespace GuestSync.Gateway.Profiles;

/// <summary>
/// One checked field value ready to be written upstream. A class, not a record, so that no generated
/// <c>ToString</c> ever prints the personal value into a log.
/// </summary>
internal sealed class SubmittedField
{
    public SubmittedField(string name, FieldOptions options, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Options = options;
        Value = value;
    }

    /// <summary>The form field name.</summary>
    public string Name { get; }

    public FieldOptions Options { get; }

    /// <summary>Where the value goes: a JSON Pointer or a JSONPath, per the profile's dialect.</summary>
    public string Target => Options.Target;

    /// <summary>The value, trimmed and (for phone numbers) normalized; not yet encrypted.</summary>
    public string Value { get; }
}
