using System.Diagnostics;
using System.Globalization;
using System.Text;
using GuestSync.Gateway.Profiles;

namespace GuestSync.Benchmarks;

/// <summary>
/// <see cref="JweCostBreakdownBenchmarks"/>' rows measured in interleaved rounds instead of one after the other: each
/// round times every row once (in a rotating order), so a burst of load from other processes hits all rows of a
/// round alike, and each row's ratio to the floor is taken within its round. Prints the median per row, the median
/// ratio to the floor and the spread of that ratio over the rounds, and the bytes allocated per operation.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/GuestSync.Benchmarks -- breakdown [rounds] [milliseconds per row]</c>
/// (default 21 rounds of 40 ms: about a minute per dialect). The load average at start is printed with the table.
/// </remarks>
internal static class InterleavedBreakdown
{
    /// <summary>
    /// Runs one row of the JSON-patch breakdown in a loop for <c>seconds</c>, for a profiler
    /// (<c>-- breakdown-loop &lt;row&gt; [seconds]</c>, with <c>DOTNET_PerfMapEnabled=1</c> under <c>perf record</c>).
    /// </summary>
    public static int Loop(string[] args)
    {
        using var benchmarks = new JweCostBreakdownBenchmarks { Dialect = PatchDialect.JsonPatch };
        benchmarks.Setup();
        var row = Rows(benchmarks)[int.Parse(args[1], CultureInfo.InvariantCulture)];
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var stopwatch = Stopwatch.StartNew();
        long calls = 0;
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 1000; i++)
            {
                row.Run();
            }

            calls += 1000;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Name}: {stopwatch.Elapsed.TotalNanoseconds / calls:N0} ns per call over {calls:N0} calls"));
        return 0;
    }

    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 21;
        var milliseconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"load average at start: {LoadAverage()}; {rounds} interleaved rounds of {milliseconds} ms per row");
        foreach (var dialect in new[] { PatchDialect.JsonPatch, PatchDialect.ExternalContacts })
        {
            using var benchmarks = new JweCostBreakdownBenchmarks { Dialect = dialect };
            benchmarks.Setup();
            output.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### Jwe / {dialect}").AppendLine();
            output.Append(Measure(Rows(benchmarks), rounds, milliseconds));
        }

        Console.WriteLine(output);
        return 0;
    }

    private static (string Name, Func<object?> Run)[] Rows(JweCostBreakdownBenchmarks b) =>
    [
        ("floor: Encrypt x3 (fixed nonce, no AAD)", b.Floor),
        ("floor + JWE header as AAD", b.FloorWithAad),
        ("floor + 1-byte AAD", b.FloorWithOneByteAad),
        ("floor + fresh nonce (NonceGenerator)", b.FloorWithFreshNonce),
        ("floor + AAD + fresh nonce + AesGcmCache", b.FloorAsJweCallsIt),
        ("JweFieldEncryptor.Encrypt x3, no usage count", () => { b.EncryptorUncounted(); return null; }),
        ("JweFieldEncryptor.Encrypt x3 (as registered)", () => { b.Encryptor(); return null; }),
        ("build + serialize, encryption off", b.BuildPlain),
        ("encrypt 3 fields + build + serialize", b.Build),
    ];

    private static string Measure((string Name, Func<object?> Run)[] rows, int rounds, int milliseconds)
    {
        // Warm up past tiered compilation (30 calls, then the background tier-1 compile) and size each row's batch.
        var batch = new int[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var stopwatch = Stopwatch.StartNew();
            var calls = 0;
            while (stopwatch.ElapsedMilliseconds < 500)
            {
                rows[r].Run();
                calls++;
            }

            batch[r] = Math.Max(1, calls * milliseconds / 500);
        }

        var nanoseconds = new double[rows.Length][];
        var allocated = new double[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            nanoseconds[r] = new double[rounds];
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                var r = (k + round) % rows.Length;
                var run = rows[r].Run;
                var before = GC.GetAllocatedBytesForCurrentThread();
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < batch[r]; i++)
                {
                    run();
                }

                var elapsed = Stopwatch.GetElapsedTime(start);
                allocated[r] = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / batch[r];
                nanoseconds[r][round] = elapsed.TotalNanoseconds / batch[r];
            }
        }

        var table = new StringBuilder();
        // The ratio of minima too: on a shared machine the least-disturbed round of each row is the closest to its cost.
        table.AppendLine("| Row | median | min | ratio to floor (median of rounds) | ratio spread (min–max) | ratio of minima | allocated |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var r = 0; r < rows.Length; r++)
        {
            var ratios = nanoseconds[r].Select((ns, round) => ns / nanoseconds[0][round]).ToArray();
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {rows[r].Name} | {Median(nanoseconds[r]):N0} ns | {nanoseconds[r].Min():N0} ns | {Median(ratios):F2} | {ratios.Min():F2}–{ratios.Max():F2} | {nanoseconds[r].Min() / nanoseconds[0].Min():F2} | {Math.Round(allocated[r]):N0} B |");
        }

        return table.ToString();
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
