using Epss.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>
/// The authorization policies, named for what they protect. Every endpoint and every hub method names one of them
/// (or, for the few public ones, <c>AllowAnonymous</c>); an endpoint that names none is refused (the fallback policy)
/// and fails the role-matrix test.
/// </summary>
public static class EpssPolicies
{
    /// <summary>Published guides, search, page suggestions, the panel: every role; anyone when <see cref="AccessOptions.AllowAnonymousReading"/>.</summary>
    public const string ReadGuides = "ReadGuides";

    /// <summary>What the panel records (usage events, flags, "niets gevonden"): officials and experts; anyone when anonymous reading is allowed.</summary>
    public const string UseGuidance = "UseGuidance";

    /// <summary>The content folder's errors and warnings: experts and administrators.</summary>
    public const string ReadContentProblems = "ReadContentProblems";

    /// <summary>Editing, reviewing and publishing guides, answering flags (the editor): experts.</summary>
    public const string EditGuides = "EditGuides";

    /// <summary>Usage analyses and exports (the dashboard, its API, xAPI): analysts and administrators.</summary>
    public const string ReadAnalytics = "ReadAnalytics";

    /// <summary>Withdrawing a guide's open change: experts (their own changes only) and administrators (any).</summary>
    public const string WithdrawChanges = "WithdrawChanges";

    /// <summary>Users and the server's settings: administrators.</summary>
    public const string Administer = "Administer";

    /// <summary>The roles each policy admits (anonymous callers aside).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [ReadGuides] = EpssRoles.All,
        [UseGuidance] = [EpssRoles.Official, EpssRoles.Expert],
        [ReadContentProblems] = [EpssRoles.Expert, EpssRoles.Admin],
        [EditGuides] = [EpssRoles.Expert],
        [WithdrawChanges] = [EpssRoles.Expert, EpssRoles.Admin],
        [ReadAnalytics] = [EpssRoles.Analyst, EpssRoles.Admin],
        [Administer] = [EpssRoles.Admin],
    };

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (policy, roles) in Roles)
        {
            var anonymous = policy is ReadGuides or UseGuidance;
            options.AddPolicy(policy, p => p.AddRequirements(new EpssAccessRequirement(policy, roles, anonymous)));
        }
        // Nothing is open by omission: an endpoint without a decision is refused.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new UndecidedEndpointRequirement()).Build();
    }
}

/// <summary>
/// A caller who is signed in meets this with one of <paramref name="Roles"/>; one who is not, only when the policy
/// admits anonymous readers and <see cref="AccessOptions.AllowAnonymousReading"/> is on, and the request carried no refused token.
/// </summary>
public sealed record EpssAccessRequirement(string Policy, IReadOnlyList<string> Roles, bool AnonymousWhenReadingIsOpen) : IAuthorizationRequirement;

internal sealed class EpssAccessHandler(IOptionsMonitor<AccessOptions> options) : AuthorizationHandler<EpssAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, EpssAccessRequirement requirement)
    {
        if (EpssClaims.IsSignedIn(context.User))
        {
            // What an expert does is recorded under their stable id: someone the server cannot tell apart may not edit.
            var needsId = requirement.Policy is EpssPolicies.EditGuides or EpssPolicies.WithdrawChanges;
            if (requirement.Roles.Any(context.User.IsInRole) && (!needsId || EpssClaims.StableId(context.User) is not null))
            {
                context.Succeed(requirement);
            }
        }
        else if (requirement.AnonymousWhenReadingIsOpen && options.CurrentValue.AllowAnonymousReading && !CarriedRefusedToken(context.Resource))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    private static bool CarriedRefusedToken(object? resource)
    {
        var http = resource switch
        {
            HttpContext h => h,
            HubInvocationContext hub => hub.Context.GetHttpContext(),
            _ => null,
        };
        return http?.Items.ContainsKey(ApiTokenAuthenticationHandler.RefusedItem) == true;
    }
}

/// <summary>The fallback: an endpoint that states no decision is refused to everyone.</summary>
public sealed record UndecidedEndpointRequirement : IAuthorizationRequirement;

internal sealed class UndecidedEndpointHandler : AuthorizationHandler<UndecidedEndpointRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UndecidedEndpointRequirement requirement)
    {
        if (context.Resource is HttpContext http)
        {
            var endpoint = http.GetEndpoint();
            // No endpoint: a static file of the panel (its script and style hold no guide), or a 404; not a mapped
            // endpoint: routing's own answer (405 for a known path with another method).
            if (endpoint is not RouteEndpoint)
            {
                context.Succeed(requirement);
            }
        }
        return Task.CompletedTask;
    }
}
