using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Hosting;

/// <summary>
/// Every start-time check at once: the problems noted while composing (a missing route file, no credentials in
/// Production) and every <c>ValidateOnStart</c> section (Genesys, encryption, profiles and binding, store, delivery,
/// fleet, idempotency, health, security), run together before any endpoint reads a setting, so an operator sees the
/// whole list in one message, each setting as <c>Section:Key</c> with its environment-variable spelling beside it.
/// </summary>
internal static partial class GatewayStartCheck
{
    /// <summary>Runs every check; throws a <see cref="GatewayStartException"/> listing all problems when any fails.</summary>
    public static void Validate(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var noted = app.Services.GetService<GatewayStartProblems>();
        var problems = new List<string>(noted?.Problems ?? []);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException invalid)
        {
            problems.AddRange(invalid.Failures);
        }
        catch (AggregateException invalid)
        {
            foreach (var inner in invalid.Flatten().InnerExceptions)
            {
                problems.AddRange(inner is OptionsValidationException options ? options.Failures : [inner.Message]);
            }
        }

        if (problems.Count > 0)
        {
            var failure = new GatewayStartException(Format(problems, noted?.Notes ?? []));
            if (noted is not null)
            {
                noted.Failure = failure;
            }

            throw failure;
        }
    }

    /// <summary>One message: a header, each problem on its own line with the settings it names as environment variables.</summary>
    public static string Format(IEnumerable<string> problems, IEnumerable<string> notes)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(notes);
        var distinct = problems.SelectMany(SplitJoined).Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("GuestSync cannot start: ").Append(distinct.Count).Append(distinct.Count == 1 ? " setting" : " settings")
            .AppendLine(" to fix (each named Section:Key; as an environment variable Section__Key):");
        foreach (var problem in distinct)
        {
            text.Append("  - ").Append(problem.Trim());
            var names = SettingName().Matches(problem).Select(m => m.Value.TrimEnd('.', ':')).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count > 0)
            {
                text.Append(" [").Append(string.Join(", ", names.Select(EnvironmentName))).Append(']');
            }

            text.AppendLine();
        }

        foreach (var note in notes)
        {
            text.AppendLine(note);
        }

        return text.ToString().TrimEnd();
    }

    /// <summary><c>Genesys:Orgs:emea:ClientId</c> → <c>Genesys__Orgs__emea__ClientId</c>.</summary>
    public static string EnvironmentName(string setting) => setting.Replace(":", "__", StringComparison.Ordinal);

    // A validator may join its failures with "; " into one (the options binder's default message does).
    private static IEnumerable<string> SplitJoined(string problem) => problem.Split("; ", StringSplitOptions.RemoveEmptyEntries);

    // A configuration path: a capitalised section, then one or more ':'-separated segments, no spaces.
    [GeneratedRegex(@"(?<![\w/:.])(?:Genesys|Encryption|Profiles|Security|Store|ConnectionStrings|Delivery|Fleet|Idempotency|Health|Demo|Limits|Kestrel|Binding)(?::[A-Za-z0-9_\-*<>]+)+")]
    private static partial Regex SettingName();
}

/// <summary>Problems found while composing the gateway, reported with the validation failures by <see cref="GatewayStartCheck"/>.</summary>
internal sealed class GatewayStartProblems
{
    public List<string> Problems { get; } = [];

    /// <summary>Explanations printed after the list (e.g. why a Production start has no sandbox).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The start's failure once <see cref="GatewayStartCheck"/> found problems (a test host reads it here).</summary>
    public GatewayStartException? Failure { get; set; }

    /// <summary>The instance of <paramref name="builder"/>'s services, registered on first use.</summary>
    public static GatewayStartProblems For(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(GatewayStartProblems))?.ImplementationInstance is GatewayStartProblems existing)
        {
            return existing;
        }

        var problems = new GatewayStartProblems();
        builder.Services.AddSingleton(problems);
        return problems;
    }
}
