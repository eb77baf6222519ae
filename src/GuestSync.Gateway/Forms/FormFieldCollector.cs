namespace GuestSync.Gateway.Forms;

/// <summary>
/// Gathers the fields of one post as a parser finds them, applying the rules every content type shares:
/// field count, name rules, duplicates, value length and characters. Parsers stop when
/// <see cref="BeginField"/> returns false; everything else is collected so the answer lists every field at fault.
/// </summary>
internal sealed class FormFieldCollector
{
    /// <summary>Longest accepted field name; names are echoed in problem answers, so they stay short.</summary>
    public const int MaxNameLength = 128;

    private readonly FormLimits _limits;
    /// <summary>Fields a site form usually has (guest id, a few values, a key or token), held without resizing.</summary>
    private const int TypicalFields = 7;

    private readonly Dictionary<string, string> _fields;
    private Dictionary<string, string[]>? _errors;
    private FormProblem? _fatal;
    private int _count;

    public FormFieldCollector(FormLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        // Sized once: growing from empty to four fields allocated buckets and entries twice (3, then 7).
        _fields = new Dictionary<string, string>(Math.Clamp(limits.MaxFields, 0, TypicalFields), StringComparer.Ordinal);
    }

    /// <summary>Counts one more field; false (and a 413) once there are more than <see cref="FormLimits.MaxFields"/>.</summary>
    public bool BeginField()
    {
        if (++_count <= _limits.MaxFields)
        {
            return true;
        }

        _fatal = FormProblems.TooLarge($"A post may carry at most {_limits.MaxFields} fields.");
        return false;
    }

    /// <summary>Stops collecting: the request as a whole is refused with <paramref name="problem"/>.</summary>
    public void Fail(FormProblem problem) => _fatal ??= problem;

    /// <summary>Records a field whose name cannot be used (or decoded); it is reported by position.</summary>
    public void AddUnnamedError(string message) => AddError($"(field {_count})", message);

    /// <summary>Checks the current field's name; false (with an error recorded) when it cannot be used.</summary>
    public bool AcceptName(string name)
    {
        if (name.Length == 0)
        {
            AddUnnamedError("has an empty name");
            return false;
        }

        if (name.Length > MaxNameLength)
        {
            AddUnnamedError($"has a name longer than {MaxNameLength} characters");
            return false;
        }

        var violation = FormText.Check(name);
        if (violation != TextViolation.None)
        {
            AddUnnamedError("has a name that " + FormText.Describe(violation));
            return false;
        }

        if (_fields.TryAdd(name, string.Empty))
        {
            return true;
        }

        AddError(name, "is given more than once");
        return false;
    }

    /// <summary>Stores the value of an accepted name, or records why it is refused.</summary>
    public void AddValue(string name, string value)
    {
        if (value.Length > _limits.MaxFieldLength)
        {
            AddError(name, $"must be at most {_limits.MaxFieldLength} characters");
            return;
        }

        var violation = FormText.Check(value);
        if (violation != TextViolation.None)
        {
            AddError(name, FormText.Describe(violation));
            return;
        }

        _fields[name] = value;
    }

    public void AddError(string field, string message)
    {
        _errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = [message];
        }
        else if (Array.IndexOf(messages, message) < 0)
        {
            _errors[field] = [.. messages, message];
        }
    }

    public FormReadResult ToResult()
    {
        if (_fatal is not null)
        {
            return FormReadResult.Failure(_fatal);
        }

        return _errors is null
            ? FormReadResult.Success(_fields)
            : FormReadResult.Failure(FormProblems.InvalidFields(_errors));
    }
}
