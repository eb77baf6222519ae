using System.Text.RegularExpressions;

namespace GuestSync.Gateway.Tests.Docs;

/// <summary>The repository's own documents, read by the tests that run what they say.</summary>
internal static partial class RepositoryDocs
{
    /// <summary>The repository root: the folder above the test binaries that holds GuestSync.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>
    /// The fenced blocks of <paramref name="language"/> (the word after the opening fence) in the section that starts
    /// with the heading <paramref name="heading"/> (the whole heading line, e.g. <c>### Minting a token</c>), up to the
    /// next heading of the same or a higher level.
    /// </summary>
    public static IReadOnlyList<string> Blocks(string markdown, string heading, string language)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.Trim() == heading);
        Assert.True(start >= 0, $"the heading '{heading}' is not in the document");
        var level = heading.TakeWhile(c => c == '#').Count();
        var blocks = new List<string>();
        List<string>? current = null;
        string? fence = null;
        var indent = 0;
        for (var i = start + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (fence is null)
            {
                var heading2 = HeadingPattern().Match(line);
                if (heading2.Success && heading2.Groups[1].Length <= level)
                {
                    break;
                }

                var open = FencePattern().Match(line);
                if (open.Success)
                {
                    indent = open.Groups[1].Length;
                    fence = open.Groups[2].Value;
                    current = open.Groups[3].Value.Trim() == language ? [] : null;
                }

                continue;
            }

            if (line.Trim() == fence)
            {
                if (current is not null)
                {
                    blocks.Add(string.Join('\n', current) + "\n");
                }

                fence = null;
                current = null;
                continue;
            }

            current?.Add(line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart());
        }

        return blocks;
    }

    /// <summary>The one block of <paramref name="language"/> in the section whose first line contains <paramref name="marker"/>.</summary>
    public static string Block(string markdown, string heading, string language, string marker)
    {
        var matching = Blocks(markdown, heading, language).Where(b => b.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, $"expected one '{language}' block with '{marker}' under '{heading}', found {matching.Count}");
        return matching[0];
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GuestSync.sln")) && File.Exists(Path.Combine(folder.FullName, "README.md")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (GuestSync.sln) is not above the test binaries");
    }

    [GeneratedRegex("^(#{1,6}) ")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("^( *)(```+)(.*)$")]
    private static partial Regex FencePattern();
}
