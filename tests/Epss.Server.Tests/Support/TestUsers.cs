using System.Net.Http.Headers;
using Epss.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.Server.Tests.Support;

/// <summary>A user a test made in its server's accounts.db, with a password and an API token.</summary>
public sealed record TestUser(Account Account, string Password, string Token)
{
    public string Name => Account.Name;
}

/// <summary>Tests make their own users, through the server's own <see cref="AccountStore"/>.</summary>
public static class TestUsers
{
    public const string Password = "correct-paard-batterij-niet";

    public static async Task<TestUser> AddAsync(RunningServer server, string name, CancellationToken cancellationToken, params string[] roles)
    {
        var store = server.Services.GetRequiredService<AccountStore>();
        var account = await store.AddAsync(new NewAccount(name, null, roles, Password), cancellationToken);
        var token = await store.CreateTokenAsync(name, "test", cancellationToken);
        return new TestUser(account, Password, token.Token);
    }

    /// <summary>One user per role, named after the role (official, expert, analyst, admin).</summary>
    public static async Task<IReadOnlyDictionary<string, TestUser>> AddOnePerRoleAsync(RunningServer server, CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, TestUser>(StringComparer.Ordinal);
        foreach (var role in EpssRoles.All)
        {
            users[role] = await AddAsync(server, role, cancellationToken, role);
        }
        return users;
    }

    /// <summary>GET /api/content/problems as an expert (the problems are for experts and administrators).</summary>
    public static async Task<System.Text.Json.JsonElement> ContentProblemsAsync(RunningServer server, CancellationToken cancellationToken)
    {
        const string Name = "inhoudsdeskundige";
        var store = server.Services.GetRequiredService<AccountStore>();
        if (await store.FindAsync(Name, cancellationToken) is null)
        {
            await store.AddAsync(new NewAccount(Name, null, [EpssRoles.Expert], Password), cancellationToken);
        }
        var token = await store.CreateTokenAsync(Name, "t-" + Guid.NewGuid().ToString("N")[..12], cancellationToken);
        using var client = Client(server, token.Token);
        return await client.GetJsonAsync("/api/content/problems", cancellationToken);
    }

    /// <summary>A client for the server's real address that neither follows redirects nor keeps cookies, optionally with a bearer token.</summary>
    public static HttpClient Client(RunningServer server, string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Client.BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}
