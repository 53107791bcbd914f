using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Epss.Xapi;

/// <summary>
/// Settings of the xAPI export, bound from <c>Epss:Xapi</c>. Without <see cref="Endpoint"/> nothing is pushed (the
/// default); the API and the CLI export work regardless.
/// </summary>
public sealed class XapiOptions
{
    public const string SectionName = "Epss:Xapi";

    /// <summary>The server's public base URL, e.g. https://epss.gemeente.example: the home page of the officials' accounts and the root of activity IRIs.</summary>
    public string? HomePage { get; set; }

    /// <summary>The LRS's xAPI base, e.g. https://lrs.example/xapi/; statements go to <c>{Endpoint}statements</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>HTTP Basic user name (the LRS's key or client id), with <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Instead of <see cref="Username"/> and <see cref="Password"/>: a bearer token.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Statements per POST.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long to wait for new events once everything stored has been sent.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Events younger than this (by received time) wait for the next round, so that an event committed a moment after a
    /// later-received one is not passed by the cursor.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait after a failed delivery; doubled after every further failure up to <see cref="MaximumRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaximumRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one request to the LRS may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The cursor file in the data folder: the last event the LRS accepted.</summary>
    [RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", ErrorMessage = "Epss:Xapi:CursorFileName is een gewone bestandsnaam, zonder mappen.")]
    public string CursorFileName { get; set; } = "xapi-cursor.json";

    public bool PushEnabled => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>The statements resource, from <see cref="Endpoint"/> with or without its final slash.</summary>
    public Uri StatementsUri() => new(Endpoint!.TrimEnd('/') + "/statements");

    /// <summary>An absolute http(s) URL without query or fragment, without its final slash; null when it is not one.</summary>
    public static string? NormalizeHomePage(string? homePage) =>
        Uri.TryCreate(homePage, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;
}

/// <summary>The rules between settings, in Dutch for the administrator who reads them at start-up.</summary>
internal sealed class XapiOptionsValidation : IValidateOptions<XapiOptions>
{
    public ValidateOptionsResult Validate(string? name, XapiOptions options)
    {
        var problems = new List<string>();
        if (options.HomePage is not null && XapiOptions.NormalizeHomePage(options.HomePage) is null)
        {
            problems.Add("Epss:Xapi:HomePage is het openbare adres van de server, zoals https://epss.gemeente.example (http of https, zonder ? of #).");
        }
        if (options.PushEnabled)
        {
            if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.UserInfo))
            {
                problems.Add("Epss:Xapi:Endpoint is het xAPI-adres van de LRS, zoals https://lrs.example/xapi/ (http of https, zonder ? en zonder inlog in het adres).");
            }
            if (string.IsNullOrWhiteSpace(options.HomePage))
            {
                problems.Add("Epss:Xapi:HomePage is nodig als Epss:Xapi:Endpoint is ingesteld: het is de thuispagina van de accounts in de statements.");
            }
            if (!string.IsNullOrEmpty(options.BearerToken) && !string.IsNullOrEmpty(options.Username))
            {
                problems.Add("Geef voor de LRS óf Epss:Xapi:Username en Password, óf Epss:Xapi:BearerToken, niet beide.");
            }
            if (!string.IsNullOrEmpty(options.Username) != !string.IsNullOrEmpty(options.Password))
            {
                problems.Add("Epss:Xapi:Username en Epss:Xapi:Password horen bij elkaar: geef beide of geen van beide.");
            }
        }
        if (options.MaximumRetryDelay < options.RetryDelay)
        {
            problems.Add("Epss:Xapi:MaximumRetryDelay is niet korter dan Epss:Xapi:RetryDelay.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
