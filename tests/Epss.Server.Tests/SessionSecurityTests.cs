using System.Net;
using System.Security.Claims;
using Epss.Accounts;
using Epss.Server.Security;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.Server.Tests;

/// <summary>
/// Sign-in throttling and the end of sessions, attacked over real HTTP and the real SignalR client (issue 16, points 6
/// and 7): guesses are limited per address and per name and lock an account with backoff; a password change, revoked
/// sessions, a disabled user or a revoked token end web sessions at once and open hub connections within the check interval.
/// </summary>
public sealed class SessionSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<RunningServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Epss:AllowAnonymousReading"] = "false";
        settings.TryAdd("Epss:SessionCheckInterval", "00:00:00.200");
        return RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: settings);
    }

    [Fact]
    public async Task Guesses_from_one_address_are_answered_429_with_retry_after_and_audited()
    {
        await using var server = await StartAsync(new() { ["Epss:SignInAttemptsPerMinutePerAddress"] = "4" });
        using var attacker = new SignInClient(server);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            // Another name each time: only the per-address limit applies.
            using var response = await attacker.SignInAsync("gok-" + i, "wachtwoord-" + i, Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var audit = await server.Services.GetRequiredService<Epss.Audit.IAuditLog>().ReadAsync(new Epss.Audit.AuditQuery(Action: "sign-in-throttled"), Ct);
        Assert.Equal(2, audit.Count);
    }

    [Fact]
    public async Task Guesses_at_one_name_are_limited_whatever_the_address_and_a_known_account_is_locked_with_backoff()
    {
        await using var server = await StartAsync(new() { ["Epss:SignInAttemptsPerMinutePerName"] = "6" });
        var anna = await TestUsers.AddAsync(server, "anna", Ct, EpssRoles.Expert);
        using var attacker = new SignInClient(server);
        for (var i = 0; i < AccountStore.LockoutThreshold; i++)
        {
            using var wrong = await attacker.SignInAsync("anna", "fout-" + i, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Locked now: even her own password is refused until the lock ends.
        using (var right = await attacker.SignInAsync("anna", anna.Password, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        }
        var failed = await server.Services.GetRequiredService<Epss.Audit.IAuditLog>().ReadAsync(new Epss.Audit.AuditQuery(Action: "sign-in-failed"), Ct);
        Assert.StartsWith("geblokkeerd tot", failed[0].Detail, StringComparison.Ordinal);
        Assert.Contains(server.Log.Entries, e => e.EventId.Name == "SignInLockedOut" && e.Message.Contains("anna", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Log.Entries, e => e.Message.Contains(anna.Password, StringComparison.Ordinal) || e.Message.Contains("fout-0", StringComparison.Ordinal));

        // The seventh try at this name in a minute (any case) is not even looked at.
        using (var again = await attacker.SignInAsync("ANNA", anna.Password, Ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        }
        using (var third = await attacker.SignInAsync("anna", anna.Password, Ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        }
    }

    [Theory]
    [InlineData("password")]
    [InlineData("revoke-sessions")]
    [InlineData("disable")]
    public async Task A_password_change_revoked_sessions_or_disabling_ends_web_sessions_and_open_hub_connections(string how)
    {
        await using var server = await StartAsync();
        var anna = await TestUsers.AddAsync(server, "anna", Ct, EpssRoles.Official);
        using var browser = new SignInClient(server);
        await browser.SignInOkAsync(anna.Name, anna.Password, Ct);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(new Uri("/api/guides", UriKind.Relative), Ct)).StatusCode);
        await using var hub = await ConnectWithCookieAsync(server, browser.AuthCookie(server.Client.BaseAddress!));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        var accounts = server.Services.GetRequiredService<AccountStore>();
        _ = how switch
        {
            "password" => await accounts.SetPasswordAsync(anna.Name, "een-heel-nieuw-wachtwoord", Ct),
            "revoke-sessions" => await accounts.RevokeSessionsAsync(anna.Name, Ct),
            _ => await accounts.SetDisabledAsync(anna.Name, true, Ct),
        };

        using var after = await browser.Http.GetAsync(new Uri("/api/guides", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task A_revoked_token_closes_the_hub_connection_it_opened()
    {
        await using var server = await StartAsync();
        var anna = await TestUsers.AddAsync(server, "anna", Ct, EpssRoles.Official);
        await using var hub = await Panels.ConnectAsync(server, HubProtocol.Json, Ct, accessToken: anna.Token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await server.Services.GetRequiredService<AccountStore>().RevokeTokenAsync(anna.Name, "test", Ct);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task A_sign_in_older_than_the_absolute_lifetime_is_refused_though_the_cookie_slid()
    {
        await using var server = await StartAsync(new() { ["Epss:SignInAbsoluteLifetime"] = "12:00:00" });
        var anna = await TestUsers.AddAsync(server, "anna", Ct, EpssRoles.Official);
        ClaimsPrincipal SignedInAt(DateTimeOffset when)
        {
            var user = EpssClaims.For(anna.Account, SecuritySetup.CookieScheme);
            ((ClaimsIdentity)user.Identity!).AddClaim(new Claim(EpssClaims.SignedInAt, when.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return user;
        }
        // Renewed a minute ago (sliding), but signed in thirteen hours ago.
        using var old = IssuedCookies.Client(server, IssuedCookies.For(server, SignedInAt(DateTimeOffset.UtcNow.AddHours(-13))));
        using var recent = IssuedCookies.Client(server, IssuedCookies.For(server, SignedInAt(DateTimeOffset.UtcNow.AddHours(-11))));

        using var refused = await old.GetAsync(new Uri("/api/guides", UriKind.Relative), Ct);
        using var allowed = await recent.GetAsync(new Uri("/api/guides", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_carries_its_time_across_renewals()
    {
        await using var server = await StartAsync();
        var anna = await TestUsers.AddAsync(server, "anna", Ct, EpssRoles.Official);
        using var browser = new SignInClient(server);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await browser.SignInOkAsync(anna.Name, anna.Password, Ct);
        var options = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(SecuritySetup.CookieScheme);

        var ticket = options.TicketDataFormat.Unprotect(browser.AuthCookie(server.Client.BaseAddress!));

        Assert.InRange(EpssClaims.SignedInTime(ticket!.Principal)!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(anna.Account.SecurityStamp, ticket.Principal.FindFirstValue(EpssClaims.SecurityStamp));
    }

    private static async Task<HubConnection> ConnectWithCookieAsync(RunningServer server, string cookie)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Client.BaseAddress!, "/hubs/guidance"), HttpTransportType.WebSockets,
                options => options.Headers["Cookie"] = SecuritySetup.CookieName + "=" + cookie)
            .Build();
        await hub.StartAsync(Ct);
        return hub;
    }
}
