using Epss.Testing;

namespace Epss.Search.Tests.Support;

/// <summary>
/// The repository's sample guides copied into a folder of this fixture's own and indexed on disk once, for tests
/// that only search (none of them changes the content).
/// </summary>
public sealed class SampleContentFixture : IAsyncLifetime
{
    private readonly TempContentFolder _content = new TempContentFolder("epss-search-sample-").WithSampleContent();
    private readonly TempDataFolder _data = new();
    private SearchSession? _session;

    public TestLog Log { get; } = new();

    internal SearchSession Session => _session ?? throw new InvalidOperationException("The fixture has not started.");

    public async ValueTask InitializeAsync() => _session = await SearchSession.StartAsync(_content, _data, Log);

    public ValueTask DisposeAsync()
    {
        _session?.Dispose();
        _data.Dispose();
        _content.Dispose();
        Log.Dispose();
        return ValueTask.CompletedTask;
    }
}
