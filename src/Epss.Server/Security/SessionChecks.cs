using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Epss.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>
/// What ends a session besides its sliding lifetime: the absolute lifetime (<see cref="AccessOptions.SignInAbsoluteLifetime"/>),
/// a new security stamp (password changed, <c>users revoke --sessions</c>, <c>users disable</c>), a revoked token. A web
/// request is checked at once (the cookie's validation); a hub connection, which outlives the request that opened it,
/// every <see cref="AccessOptions.SessionCheckInterval"/> by <see cref="HubSessionRevalidation"/>, and at its cookie's
/// expiry by SignalR itself (<c>CloseOnAuthenticationExpiration</c>).
/// </summary>
public static class SessionChecks
{
    /// <summary>At sign-in (a password or the identity provider): the time, which the cookie's renewals keep.</summary>
    public static Task StampSignInTime(CookieSigningInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(EpssClaims.SignedInAt) is null)
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            identity.AddClaim(new Claim(EpssClaims.SignedInAt, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether a sign-in made at <see cref="EpssClaims.SignedInAt"/> (else at <paramref name="issued"/>) is within the absolute lifetime.</summary>
    public static bool WithinAbsoluteLifetime(ClaimsPrincipal user, DateTimeOffset? issued, AccessOptions access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(access);
        var start = EpssClaims.SignedInTime(user) ?? issued;
        return start is null || now - start <= access.SignInAbsoluteLifetime;
    }

    /// <summary>
    /// Why this user's session has ended, or null while it holds: for a token, whether it is still live; for a local
    /// sign-in, whether the account is enabled with the stamp the sign-in carries; for every sign-in, its absolute lifetime.
    /// </summary>
    public static async Task<string?> EndedAsync(ClaimsPrincipal user, AccountStore accounts, AccessOptions access, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(accounts);
        if (user.FindFirstValue(EpssClaims.TokenId) is { } tokenId)
        {
            return await accounts.IsTokenLiveAsync(long.Parse(tokenId, CultureInfo.InvariantCulture), cancellationToken) ? null : "token ingetrokken of gebruiker uitgezet";
        }
        if (!WithinAbsoluteLifetime(user, null, access, now))
        {
            return "absolute duur van de aanmelding voorbij";
        }
        if (user.FindFirstValue(EpssClaims.Source) == EpssClaims.LocalSource && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id)
        {
            var account = await accounts.FindByIdAsync(id, cancellationToken);
            if (account is null || account.Disabled)
            {
                return "gebruiker uitgezet";
            }
            if (account.SecurityStamp != user.FindFirstValue(EpssClaims.SecurityStamp))
            {
                return "sessies beëindigd (nieuw wachtwoord of ingetrokken)";
            }
        }
        return null;
    }

    public static WebApplicationBuilder AddEpssSessionChecks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.Configure<HubOptions>(options => options.AddFilter<HubSessions>());
        builder.Services.AddHostedService<HubSessionRevalidation>();
        return builder;
    }
}

/// <summary>The open hub connections of signed-in users (of both hubs), so that they can be checked and closed.</summary>
public sealed class HubSessions : IHubFilter
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);

    public IReadOnlyCollection<HubCallerContext> Connections => [.. _connections.Values];

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (EpssClaims.IsSignedIn(context.Context.User))
        {
            _connections[context.Context.ConnectionId] = context.Context;
        }
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        _connections.TryRemove(context.Context.ConnectionId, out _);
        return next(context, exception);
    }
}

/// <summary>Every <see cref="AccessOptions.SessionCheckInterval"/>: closes the hub connections whose session has ended (one check per user per pass).</summary>
public sealed class HubSessionRevalidation(
    HubSessions sessions, AccountStore accounts, IOptions<AccessOptions> options, TimeProvider time, ILogger<HubSessionRevalidation> logger) : BackgroundService
{
    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var verdicts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var connection in sessions.Connections)
        {
            var user = connection.User!;
            // Per sign-in rather than per user: two sessions of one user may carry different stamps or tokens.
            var key = string.Join('|', user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue(EpssClaims.TokenId),
                user.FindFirstValue(EpssClaims.SecurityStamp), user.FindFirstValue(EpssClaims.SignedInAt));
            if (!verdicts.TryGetValue(key, out var ended))
            {
                ended = verdicts[key] = await SessionChecks.EndedAsync(user, accounts, options.Value, now, cancellationToken);
            }
            if (ended is not null)
            {
                Log.HubConnectionEnded(logger, EpssClaims.StableId(user) ?? "?", ended);
                connection.Abort();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SessionCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A database that is briefly away must not stop the checks; the next pass tries again.
                    Log.HubConnectionEnded(logger, "-", "controle mislukt: " + e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
