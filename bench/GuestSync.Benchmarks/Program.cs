using BenchmarkDotNet.Running;
using GuestSync.Benchmarks;

// `dotnet run -c Release --project bench/GuestSync.Benchmarks -- --filter '*'` (BenchmarkDotNet's own arguments).
if (args.Length > 0 && args[0] == "fleet")
{
    // `dotnet run -c Release --project bench/GuestSync.Benchmarks -- fleet [posts]`: 1 vs 3 replicas on one PostgreSQL.
    return await FleetScenario.RunAsync(args);
}

if (args.Length > 0 && args[0] == "backlog")
{
    // `dotnet run -c Release --project bench/GuestSync.Benchmarks -- backlog [posts] [perMinute]`: a burst over the budget, one gateway, SQLite outbox.
    return await BacklogScenario.RunAsync(args);
}

if (args.Length > 0 && args[0] == "breakdown")
{
    // `dotnet run -c Release --project bench/GuestSync.Benchmarks -- breakdown [rounds] [ms]`: where the JWE build's time goes, interleaved.
    return InterleavedBreakdown.Run(args);
}

if (args.Length > 1 && args[0] == "breakdown-loop")
{
    return InterleavedBreakdown.Loop(args);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkSettings).Assembly).Run(args, BenchmarkSettings.Create());
return 0;
