using System.Globalization;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// The operator verb <c>dotnet GuestSync.Gateway.dll outbox dead-letters|requeue &lt;id|all&gt;|purge &lt;id|all&gt;</c>.
/// Takes the arguments after <c>outbox</c>, writes to a <see cref="TextWriter"/> and returns the exit code
/// (0 done, 2 usage). Prints ids, orgs, reasons, statuses and correlation ids: never a body.
/// </summary>
internal sealed class OutboxCommand(OutboxAdmin admin)
{
    public const string Verb = "outbox";

    public const string Usage = "usage: outbox dead-letters | outbox requeue <id|all> | outbox purge <id|all>";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        switch (args)
        {
            case ["dead-letters"]:
                await ListAsync(output, cancellationToken);
                return 0;
            case ["requeue", var target] when TryIds(target, out var ids):
                await output.WriteLineAsync(Invariant($"requeued {await admin.RequeueAsync(ids, cancellationToken)}"));
                return 0;
            case ["purge", var target] when TryIds(target, out var ids):
                await output.WriteLineAsync(Invariant($"purged {await admin.PurgeAsync(ids, cancellationToken)}"));
                return 0;
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }

    private async Task ListAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var letters = await admin.DeadLettersAsync(cancellationToken);
        await output.WriteLineAsync("id\torg\tprofile\treason\tstatus\tattempts\tdead_at\tfirst_accepted_at\tgenesys_correlation_id\tgateway_correlation_id\tpath");
        foreach (var l in letters)
        {
            await output.WriteLineAsync(Invariant(
                $"{l.Id}\t{l.Org}\t{l.Profile}\t{l.Reason}\t{l.LastStatus}\t{l.Attempts}\t{l.DeadAt:O}\t{l.FirstAcceptedAt:O}\t{l.LastGenesysCorrelationId}\t{l.FirstCorrelationId}\t{l.Request.PathAndQuery}"));
        }

        await output.WriteLineAsync(Invariant($"{letters.Count} dead letter(s)"));
    }

    /// <summary><c>all</c> (null: every dead letter) or comma-separated ids.</summary>
    private static bool TryIds(string target, out IReadOnlyCollection<long>? ids)
    {
        ids = null;
        if (string.Equals(target, "all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var parsed = new List<long>();
        foreach (var part in target.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return false;
            }

            parsed.Add(id);
        }

        ids = parsed;
        return parsed.Count > 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
