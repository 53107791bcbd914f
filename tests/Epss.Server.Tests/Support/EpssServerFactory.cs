using Epss.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Epss.Server.Tests.Support;

/// <summary>
/// The real server (its own Program) on Kestrel at a free port of the loopback interface, serving a content
/// folder and a data folder of the test's own, its log going into a <see cref="TestLog"/>. Anonymous reading is on, as in
/// the sample set-up, unless <c>settings</c> say otherwise.
/// </summary>
public sealed class EpssServerFactory : WebApplicationFactory<Program>
{
    private readonly string _contentPath;
    private readonly string _dataPath;
    private readonly TestLog _log;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public EpssServerFactory(string contentPath, string dataPath, TestLog log, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _contentPath = contentPath;
        _dataPath = dataPath;
        _log = log;
        _settings = settings ?? new Dictionary<string, string?>();
        this.UseKestrel(0);
    }

    public string DataPath => _dataPath;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Epss:ContentPath", _contentPath);
        builder.UseSetting("Epss:DataPath", _dataPath);
        builder.UseSetting("Epss:AllowAnonymousReading", "true");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_log));
    }
}
