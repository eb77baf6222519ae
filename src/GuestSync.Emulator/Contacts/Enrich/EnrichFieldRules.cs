namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>The field rules of an enrich: defaults and per-field overrides keyed by field (<c>firstName</c>, <c>customFields.tier</c>).</summary>
internal sealed record EnrichFieldRules(
    EnrichFieldAction DefaultAction,
    EnrichArrayAction DefaultArrayAction,
    IReadOnlyDictionary<string, (EnrichFieldAction? Action, EnrichArrayAction? ArrayAction)> Fields)
{
    public static readonly EnrichFieldRules Default = new(EnrichFieldAction.PreferProvided, EnrichArrayAction.Fill, new Dictionary<string, (EnrichFieldAction?, EnrichArrayAction?)>());

    public EnrichFieldAction ActionFor(string field) =>
        Fields.TryGetValue(field, out var rule) && rule.Action is { } action ? action : DefaultAction;

    public EnrichArrayAction ArrayActionFor(string field) =>
        Fields.TryGetValue(field, out var rule) && rule.ArrayAction is { } action ? action : DefaultArrayAction;
}
