namespace GuestSync.Gateway.Demo;

/// <summary>What the demo form shows: the values in its inputs, and the errors beside them and above the form.</summary>
internal sealed record DemoFormState(
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyDictionary<string, string[]> Errors,
    string? Summary)
{
    /// <summary>An empty form for a new guest.</summary>
    public static DemoFormState New() => new(
        new Dictionary<string, string>(StringComparer.Ordinal) { ["guestId"] = Guid.NewGuid().ToString() },
        new Dictionary<string, string[]>(StringComparer.Ordinal),
        null);
}
