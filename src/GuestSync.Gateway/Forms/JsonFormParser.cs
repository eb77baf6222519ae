using System.Text.Json;

namespace GuestSync.Gateway.Forms;

/// <summary>
/// Reads a flat JSON object of string values (what a <c>fetch</c> call posts) with <see cref="Utf8JsonReader"/>.
/// A number, boolean, object or array value is refused for that field; <c>null</c> counts as an empty value,
/// as an empty form input would. Malformed, trailing or too deeply nested JSON refuses the whole body.
/// </summary>
internal static class JsonFormParser
{
    /// <summary>Room for a field value that is a small object or array (refused per field); deeper is malformed.</summary>
    private const int MaxDepth = 4;

    private static readonly JsonReaderOptions Options = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static void Parse(ReadOnlySpan<byte> body, FormFieldCollector fields)
    {
        var reader = new Utf8JsonReader(body, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                fields.Fail(FormProblems.Malformed("The JSON body must be an object whose values are strings."));
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!fields.BeginField())
                {
                    return;
                }

                ReadField(ref reader, fields);
            }

            // Read() past the closing brace throws on anything but trailing whitespace.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                fields.Fail(FormProblems.Malformed("The JSON body must be a single object."));
            }
        }
        catch (JsonException)
        {
            fields.Fail(FormProblems.Malformed($"The body is not valid JSON or is nested more than {MaxDepth} levels deep."));
        }
    }

    private static void ReadField(ref Utf8JsonReader reader, FormFieldCollector fields)
    {
        var name = TryGetName(ref reader);
        reader.Read();
        if (name is null)
        {
            fields.AddUnnamedError("has a name that is not valid Unicode");
            reader.Skip();
            return;
        }

        if (!fields.AcceptName(name))
        {
            reader.Skip();
            return;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var value = TryGetString(ref reader);
                if (value is null)
                {
                    fields.AddError(name, "is not valid Unicode");
                }
                else
                {
                    fields.AddValue(name, value);
                }

                break;
            case JsonTokenType.Null:
                fields.AddValue(name, string.Empty);
                break;
            default:
                fields.AddError(name, "must be a string");
                reader.Skip();
                break;
        }
    }

    /// <summary>The current property name as <see cref="TryGetString"/> reads it; an unescaped one from <see cref="FieldNameCache"/>.</summary>
    private static string? TryGetName(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && !reader.HasValueSequence && System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)
            ? FieldNameCache.Get(reader.ValueSpan)
            : TryGetString(ref reader);

    /// <summary>The current string token, or null when it is invalid UTF-8 or escapes an unpaired surrogate.</summary>
    private static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
