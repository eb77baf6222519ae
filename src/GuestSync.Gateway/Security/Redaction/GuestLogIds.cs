using Microsoft.Extensions.Compliance.Redaction;

namespace GuestSync.Gateway.Security.Redaction;

/// <summary>The form a guest id takes in a log line: its keyed HMAC, the same for every spelling of one UUID.</summary>
internal sealed class GuestLogIds
{
    private readonly Redactor _redactor;

    public GuestLogIds(IRedactorProvider redactors)
    {
        ArgumentNullException.ThrowIfNull(redactors);
        _redactor = redactors.GetRedactor(GuestSyncTaxonomy.GuestId);
    }

    public string For(string guestId)
    {
        ArgumentNullException.ThrowIfNull(guestId);
        return _redactor.Redact(guestId.ToUpperInvariant());
    }
}
