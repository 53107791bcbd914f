using BenchmarkDotNet.Attributes;
using Epss.Content.Parsing;

namespace Epss.Benchmarks;

/// <summary>Parse + validate + render: one guide, and the whole corpus as the server does at start.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ContentBenchmarks
{
    private readonly GuideParser _parser = new();
    private byte[] _sampleGuide = [];
    private byte[] _generatedGuide = [];

    [GlobalSetup]
    public void Setup()
    {
        _sampleGuide = File.ReadAllBytes(Path.Combine(BenchmarkCorpus.SampleContentPath, "identiteit-vaststellen-aanvraag.md"));
        _generatedGuide = File.ReadAllBytes(Path.Combine(BenchmarkCorpus.ContentPath, "gen-0001.md"));
    }

    [Benchmark(Description = "parse+validate+render sample guide (5.2 kB)")]
    public GuideParseResult ParseSampleGuide() => _parser.Parse("identiteit-vaststellen-aanvraag.md", _sampleGuide);

    [Benchmark(Description = "parse+validate+render generated guide")]
    public GuideParseResult ParseGeneratedGuide() => _parser.Parse("gen-0001.md", _generatedGuide);

    [Benchmark(Description = "load library: 1,017 guides")]
    public int LoadLibrary()
    {
        using var library = BenchmarkCorpus.LoadLibrary();
        return library.Current.Guides.Count;
    }
}
