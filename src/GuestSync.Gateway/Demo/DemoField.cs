namespace GuestSync.Gateway.Demo;

/// <summary>One input of the demo form: the form field name, its label, input type, autocomplete token and hint.</summary>
internal sealed record DemoField(string Name, string Label, string Type, string Autocomplete, string? Hint)
{
    /// <summary>The fields of the built-in <c>default</c> profile, in form order.</summary>
    public static IReadOnlyList<DemoField> All { get; } =
    [
        new("guestId", "Guest id", "text", "off", "The Genesys guest to update; a fresh one is made for each visit."),
        new("name", "Name", "text", "name", null),
        new("email", "Email", "email", "email", null),
        new("phone", "Phone", "tel", "tel", "International format, e.g. +441234567890."),
    ];
}
