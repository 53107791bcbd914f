using Epss.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Epss.Server.Tests.Support;

/// <summary>
/// The real server (its own Program) on Kestrel at a free port of the loopback interface, serving a content
/// folder and a data folder of the test's own, its log going into a <see cref="TestLog"/>.
/// </summary>
public sealed class EpssServerFactory : WebApplicationFactory<Program>
{
    private readonly string _contentPath;
    private readonly string _dataPath;
    private readonly TestLog _log;

    public EpssServerFactory(string contentPath, string dataPath, TestLog log)
    {
        _contentPath = contentPath;
        _dataPath = dataPath;
        _log = log;
        this.UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Epss:ContentPath", _contentPath);
        builder.UseSetting("Epss:DataPath", _dataPath);
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_log));
    }
}
