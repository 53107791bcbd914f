using BenchmarkDotNet.Running;
using Epss.Benchmarks;

// latency [rounds] [saves]: percentiles per search and for a saved file; everything else goes to BenchmarkDotNet
// (e.g. `-- --filter *` runs all benchmarks).
if (args.Length > 0 && args[0] == "latency")
{
    var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
    var saves = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50;
    Console.WriteLine(LatencyRun.Run(rounds, saves));
    return 0;
}

// compare [rounds]: Epss against SQLite FTS5 on the same guides and queries, interleaved in this process: latency,
// allocations and recall per query kind.
if (args.Length > 0 && args[0] == "compare")
{
    var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
    Console.WriteLine(SearchComparison.Run(rounds));
    return 0;
}
// analytics [rounds]: median per analytics report on 1,000,000 generated events (AnalyticsBenchmarks.Quick); the
// BenchmarkDotNet job is `-- --filter *AnalyticsBenchmarks*`.
if (args.Length > 0 && args[0] == "analytics")
{
    var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
    Console.WriteLine(AnalyticsBenchmarks.Quick(rounds));
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(ContentBenchmarks).Assembly).Run(args);
return 0;
