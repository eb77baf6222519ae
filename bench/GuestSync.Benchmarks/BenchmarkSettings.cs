using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace GuestSync.Benchmarks;

/// <summary>
/// One job for every benchmark: in process (no generated child project to restore, so it runs where only the
/// repo's own packages are available), memory diagnoser on, markdown/CSV/JSON written for <c>bench/results/</c>.
/// </summary>
public static class BenchmarkSettings
{
    public static IConfig Create() => ManualConfig.CreateMinimumViable()
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(12))
        .AddDiagnoser(MemoryDiagnoser.Default)
        // The machine is shared (2 cores, parallel builds): the median and minimum resist interference, the mean does not.
        .AddColumn(StatisticColumn.Median, StatisticColumn.Min)
        .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default, JsonExporter.Brief)
        .WithOptions(ConfigOptions.JoinSummary);
}
