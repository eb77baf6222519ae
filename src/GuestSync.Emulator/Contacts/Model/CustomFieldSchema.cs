using System.Collections.Frozen;

namespace GuestSync.Emulator.Contacts.Model;

/// <summary>
/// The contact schema's custom fields (<see cref="EmulatorOptions.ContactCustomFields"/>). When none are configured,
/// any key is accepted with a scalar or an array of strings, as the emulator did before schemas.
/// </summary>
internal sealed class CustomFieldSchema
{
    private static readonly FrozenDictionary<string, CustomFieldType> TypeNames = new Dictionary<string, CustomFieldType>(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = CustomFieldType.Text,
        ["identifier"] = CustomFieldType.Identifier,
        ["url"] = CustomFieldType.Url,
        ["longtext"] = CustomFieldType.LongText,
        ["integer"] = CustomFieldType.Integer,
        ["number"] = CustomFieldType.Number,
        ["checkbox"] = CustomFieldType.Checkbox,
        ["date"] = CustomFieldType.Date,
        ["datetime"] = CustomFieldType.DateTime,
        ["tag"] = CustomFieldType.Tag,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, CustomFieldType> _fields;

    private CustomFieldSchema(FrozenDictionary<string, CustomFieldType> fields) => _fields = fields;

    /// <summary>The type names a setting may use, for messages.</summary>
    public static string TypeNameList => string.Join(", ", TypeNames.Keys.Order(StringComparer.Ordinal));

    /// <summary>False when no schema is configured: keys are then not checked.</summary>
    public bool IsConfigured => _fields.Count > 0;

    public static bool TryParseType(string? name, out CustomFieldType type) => TypeNames.TryGetValue(name ?? string.Empty, out type);

    /// <summary>Builds the schema from validated settings (key to type name).</summary>
    public static CustomFieldSchema Create(IReadOnlyDictionary<string, string> fields) =>
        new(fields.ToFrozenDictionary(field => field.Key, field => TypeNames[field.Value], StringComparer.Ordinal));

    public bool TryGetType(string key, out CustomFieldType type) => _fields.TryGetValue(key, out type);

    /// <summary>The longest string a field of <paramref name="type"/> holds, or null when it holds no strings or has no limit.</summary>
    public static int? MaxLength(CustomFieldType type) => type switch
    {
        CustomFieldType.Text or CustomFieldType.Identifier or CustomFieldType.Tag => 100,
        CustomFieldType.Url => 200,
        CustomFieldType.LongText => 1000,
        _ => null,
    };
}
