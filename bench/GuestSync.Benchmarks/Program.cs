using BenchmarkDotNet.Running;
using GuestSync.Benchmarks;

// `dotnet run -c Release --project bench/GuestSync.Benchmarks -- --filter '*'` (BenchmarkDotNet's own arguments).
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkSettings).Assembly).Run(args, BenchmarkSettings.Create());
