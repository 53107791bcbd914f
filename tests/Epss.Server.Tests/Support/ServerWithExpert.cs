using Epss.Accounts;
using Epss.Testing;

namespace Epss.Server.Tests.Support;

/// <summary>A test class's own real server on the sample guides, with one signed-in expert ("inhoud") and their HTTP client.</summary>
public abstract class ServerWithExpert : IAsyncLifetime
{
    protected RunningServer Server { get; private set; } = null!;

    protected HttpClient Expert { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct);
        var expert = await TestUsers.AddAsync(Server, "inhoud", Ct, EpssRoles.Expert);
        Expert = TestUsers.Client(Server, expert.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Expert.Dispose();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
