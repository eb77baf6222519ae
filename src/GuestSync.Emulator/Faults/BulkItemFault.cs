namespace GuestSync.Emulator.Faults;

/// <summary>An armed per-item failure of bulk enrich: items matching <see cref="IdentifierValue"/> fail with this status.</summary>
internal sealed class BulkItemFault(string identifierValue, int statusCode, bool retryable, int count)
{
    public string IdentifierValue { get; } = identifierValue;

    public int StatusCode { get; } = statusCode;

    public bool Retryable { get; } = retryable;

    /// <summary>Uses left; only read and written under the injector's lock.</summary>
    public int Remaining { get; private set; } = count;

    /// <summary>Uses the fault once; returns true when it is used up.</summary>
    public bool Consume() => --Remaining == 0;
}
