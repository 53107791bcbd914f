using Epss.Content.Library;
using Epss.Content.Parsing;
using Epss.Testing;
using Microsoft.Extensions.Options;

namespace Epss.Content.Tests;

public sealed class SampleContentTests : IDisposable
{
    private readonly TestLog _log = new();

    [Fact]
    public async Task Sample_content_loads_without_errors()
    {
        using var library = new GuideLibrary(Options.Create(new ContentOptions { ContentPath = RepositoryRoot.ContentPath }), new GuideParser(), _log.For<GuideLibrary>());

        var change = await library.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Empty(change.Snapshot.Diagnostics.Where(d => d.IsError));
        Assert.True(change.Snapshot.Guides.Count >= 17);
    }

    public void Dispose() => _log.Dispose();
}
