using System.Net;
using System.Text.RegularExpressions;

namespace Epss.Server.Tests.Support;

/// <summary>A browser's side of the sign-in page over real HTTP: its own cookies, the antiforgery field, and posting the form.</summary>
public sealed partial class SignInClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public SignInClient(RunningServer server, string? forwardedFor = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        Cookies = new CookieContainer();
        _handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies };
        Http = new HttpClient(_handler) { BaseAddress = server.Client.BaseAddress };
        if (forwardedFor is not null)
        {
            Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    /// <summary>Opens /signin and posts the form with <paramref name="name"/> and <paramref name="password"/>; returns the answer.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string name, string password, CancellationToken ct)
    {
        var page = await Http.GetStringAsync(new Uri("/signin?returnUrl=/panel", UriKind.Relative), ct);
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;
        return await Http.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name,
            ["password"] = password,
            ["returnUrl"] = "/panel",
            ["__epss_antiforgery"] = antiforgery,
        }), ct);
    }

    /// <summary>Signs in and expects the redirect of a good sign-in.</summary>
    public async Task SignInOkAsync(string name, string password, CancellationToken ct)
    {
        using var response = await SignInAsync(name, password, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {name} answered {(int)response.StatusCode}");
    }

    /// <summary>The sign-in cookie's value, for a SignalR client or a second browser.</summary>
    public string AuthCookie(Uri server) => Cookies.GetCookies(server)["epss.auth"]?.Value ?? throw new InvalidOperationException("Not signed in.");

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__epss_antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
