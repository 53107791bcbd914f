using Epss.Testing;

namespace Epss.Server.Tests.Support;

/// <summary>
/// A server on a copy of the sample content plus one broken guide (<see cref="BrokenId"/>), shared by the tests of
/// one class that only read. Each test checks at its end that it caused no unexpected error in the log.
/// </summary>
public sealed class SampleServerFixture : IAsyncLifetime
{
    /// <summary>The id (and file name without .md) of the guide with an error on line <see cref="GuideTexts.StepWithoutIdLine"/>.</summary>
    public const string BrokenId = "gids-met-fout";

    /// <summary>How many sample guides there are; all of them are served.</summary>
    public const int SampleGuideCount = 29;

    private RunningServer? _server;
    private int _errorsReported;

    public RunningServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public HttpClient Client => Server.Client;

    public async ValueTask InitializeAsync()
    {
        var content = new TempContentFolder().WithSampleContent();
        content.Write(BrokenId + ".md", GuideTexts.WithStepWithoutId(BrokenId));
        _server = await RunningServer.StartAsync(content, TestContext.Current.CancellationToken);
    }

    /// <summary>Fails the test that just ran if it made the server log an error nobody expected.</summary>
    public void AssertNoNewErrors()
    {
        var errors = Server.Log.UnexpectedErrors();
        if (errors.Count > _errorsReported)
        {
            var fresh = errors.Skip(_errorsReported).ToList();
            _errorsReported = errors.Count;
            Assert.Fail("Unexpected errors were logged:\n" + string.Join("\n", fresh));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
