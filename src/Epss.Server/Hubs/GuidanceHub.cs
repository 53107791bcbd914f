using Epss.Content.Contract;
using Epss.Content.Library;
using Epss.Search;
using Epss.Server.Apis;
using Epss.Server.Security;
using Epss.Usage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>
/// The panels' connection to the server (<c>/hubs/guidance</c>). Thin: every method checks its input (a
/// <see cref="HubException"/> with a Dutch reason when it is not acceptable; the connection stays usable), calls a
/// service and returns a record. What a connection is doing (its page, its open guide) lives in <see cref="PanelConnection"/>.
/// Connecting needs <see cref="EpssPolicies.ReadGuides"/>; every method states its own policy as well (the role-matrix
/// test refuses a method without one).
/// </summary>
[Authorize(Policy = EpssPolicies.ReadGuides)]
public sealed class GuidanceHub(
    GuideLibrary library,
    GuideSearch search,
    UsageRecorder recorder,
    Pseudonymizer pseudonymizer,
    AnonymousWrites anonymousWrites,
    TimeProvider time) : Hub<IGuidanceClient>
{
    public const string Path = "/hubs/guidance";

    /// <summary>Query-string parameter with the panel's own, random browser id (pseudonymised before use).</summary>
    public const string ClientIdParameter = "client";

    public override Task OnConnectedAsync()
    {
        var clientId = Context.GetHttpContext()?.Request.Query[ClientIdParameter].ToString();
        // Signed-in users are known by their user id (the stable id of their account, or the identity provider's subject)
        // and their role comes from their claims; anonymous panels by their browser id, or else by this connection, and
        // say their role themselves. Only the pseudonym is kept.
        var signedIn = EpssClaims.IsSignedIn(Context.User) && Context.UserIdentifier is { Length: > 0 };
        var identity = signedIn ? "user:" + Context.UserIdentifier
            : HubInput.IsClientId(clientId) ? "browser:" + clientId
            : "connection:" + Context.ConnectionId;
        var pseudonym = signedIn ? pseudonymizer.Pseudonymize(identity) : pseudonymizer.PseudonymizeAnonymous(identity);
        PanelConnection.Attach(Context, pseudonym, signedIn ? EpssClaims.EventRole(Context.User!) : null, time);
        Telemetry.ServerTelemetry.PanelConnected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (PanelConnection.Find(Context) is not null)
        {
            Telemetry.ServerTelemetry.PanelDisconnected();
        }
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Ranked guides for what was typed; the page set with <see cref="SetContext"/> lifts the guides that fit it.</summary>
    [Authorize(Policy = EpssPolicies.ReadGuides)]
    public SearchResponse Search(string? query)
    {
        var text = HubInput.Query(query);
        return SearchResponse.From(search.Search(new SearchRequest(text, SearchRequest.DefaultLimit, PanelConnection.Of(Context).Page)));
    }

    /// <summary>The official's page changed: remember it, and answer with the guides that fit it.</summary>
    [Authorize(Policy = EpssPolicies.ReadGuides)]
    public ContextResponse SetContext(PageContextRequest? context)
    {
        var connection = PanelConnection.Of(Context);
        connection.Page = HubInput.Page(context);
        var role = HubInput.Optional(context?.Role, HubInput.MaximumRoleLength, "Rol");
        // A signed-in user's role is theirs, whatever the panel says.
        connection.Role = connection.SignedInRole ?? role;
        var suggestions = connection.Page is null ? [] : search.Suggest(connection.Page, 5);
        return new ContextResponse([.. suggestions.Select(s => new SuggestionResponse(s.Id, s.Title, s.Summary, s.Reason))]);
    }

    /// <summary>
    /// The guide, as <c>GET /api/guides/{id}</c> gives it. From now on this connection receives
    /// <see cref="IGuidanceClient.GuideUpdated"/> when it changes; a panel has one guide open at a time.
    /// </summary>
    [Authorize(Policy = EpssPolicies.ReadGuides)]
    public async Task<GuideResponse> OpenGuide(string? id)
    {
        var guideId = HubInput.Id(id, "gids");
        var guide = library.Current.Find(guideId)
            ?? throw new HubException($"Er is geen werkinstructie met id '{guideId}'.");
        var connection = PanelConnection.Of(Context);
        if (connection.OpenGuideId is { } previous && previous != guideId)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GuideUpdates.GroupFor(previous), Context.ConnectionAborted);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GuideUpdates.GroupFor(guideId), Context.ConnectionAborted);
        connection.OpenGuideId = guideId;
        return GuideResponse.From(guide, GuideEndpoints.Today(time));
    }

    /// <summary>The panel closed its guide: no more updates for it.</summary>
    [Authorize(Policy = EpssPolicies.ReadGuides)]
    public async Task CloseGuide()
    {
        var connection = PanelConnection.Of(Context);
        if (connection.OpenGuideId is { } open)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GuideUpdates.GroupFor(open), Context.ConnectionAborted);
            connection.OpenGuideId = null;
        }
    }

    /// <summary>Stores one usage event; answers once it is on disk (<c>duplicate</c> when it was already).</summary>
    [Authorize(Policy = EpssPolicies.UseGuidance)]
    public async Task<UsageAckResponse> RecordEvent(UsageEventRequest? usageEvent)
    {
        var acks = await RecordEvents(usageEvent is null ? null : [usageEvent]);
        return acks[0];
    }

    /// <summary>Stores several usage events at once (a panel's queue after being offline), at most <see cref="PanelUsage.MaximumEventsPerBatch"/>.</summary>
    [Authorize(Policy = EpssPolicies.UseGuidance)]
    public async Task<UsageAckResponse[]> RecordEvents(UsageEventRequest?[]? usageEvents)
    {
        var connection = PanelConnection.Of(Context);
        PanelUsage.CheckCount(usageEvents);
        if (connection.IsAnonymous)
        {
            anonymousWrites.TakeEvents(connection.Address, usageEvents.Length);
        }
        // Only queued here: the events are checked and made on the writer's thread, off the threads that answer
        // searches. InvalidUsageException and UsageUnavailableException (busy, or not stored) become a HubException
        // with their reason (HubErrorFilter): nothing was acknowledged, the panel sends them again.
        var acks = await recorder.RecordPanelEventsAsync(usageEvents, connection.UserPseudonym, connection.Role, connection.Page?.App, time.GetUtcNow(), Context.ConnectionAborted);
        // An array: MessagePack serialises a result by its runtime type, and cannot serialise the compiler's own read-only list.
        return PanelUsage.Acks(usageEvents!, acks);
    }

    /// <summary>"Meld een probleem": stores what the official says about a step of a guide.</summary>
    [Authorize(Policy = EpssPolicies.UseGuidance)]
    public async Task<FlagResponse> FlagStep(FlagRequest? flag)
    {
        var guideId = HubInput.Id(flag?.GuideId, "gids");
        var stepId = HubInput.Id(flag?.StepId, "stap");
        var guide = library.Current.Find(guideId) ?? throw new HubException($"Er is geen werkinstructie met id '{guideId}'.");
        if (guide.FindStep(stepId) is null)
        {
            throw new HubException($"De werkinstructie '{guideId}' heeft geen stap '{stepId}'.");
        }
        return await StoreFlag(flag?.Id, guideId, stepId, guide.Version, query: null, PanelUsage.FlagText(flag?.Text));
    }

    /// <summary>"Niets gevonden": stores what the official looked for and did not find.</summary>
    [Authorize(Policy = EpssPolicies.UseGuidance)]
    public async Task<FlagResponse> ReportMissing(MissingTopicRequest? report)
    {
        var query = UsageValidation.ScrubQuery(HubInput.Query(report?.Query));
        return await StoreFlag(report?.Id, guideId: null, stepId: null, guideVersion: null, query, PanelUsage.FlagText(report?.Text));
    }

    /// <summary>
    /// The answers experts gave to flags this official raised on this guide, which they have not yet dismissed with
    /// <see cref="AnswerSeen"/>: the panel shows them above the step when the guide is opened. Until dismissed rather
    /// than once, so that an answer that arrives while the official is busy with a citizen (or a panel that closes at
    /// once) is not lost.
    /// </summary>
    [Authorize(Policy = EpssPolicies.UseGuidance)]
    public async Task<FlagAnswerResponse[]> FlagAnswers(string? guideId)
    {
        var id = HubInput.Id(guideId, "gids");
        var connection = PanelConnection.Of(Context);
        var answered = await recorder.Store.ReadUnseenAnswersAsync(connection.UserPseudonym, id, Context.ConnectionAborted);
        var guide = library.Current.Find(id);
        // An array, not a collection expression typed as a list: MessagePack cannot write the compiler's own list type.
        return [.. answered.Select(flag => FlagAnswerResponse.From(flag, flag.StepId is null ? null : guide?.FindStep(flag.StepId)?.Title))];
    }

    /// <summary>"Gelezen": the official has read the answer to their flag; it is not shown again.</summary>
    [Authorize(Policy = EpssPolicies.UseGuidance)]
    public async Task AnswerSeen(string? flagId)
    {
        if (!UsageValidation.IsId(flagId, UsageValidation.MaximumFlagIdLength))
        {
            throw new HubException("Het id van de melding ontbreekt of is ongeldig.");
        }
        var connection = PanelConnection.Of(Context);
        if (!await recorder.Store.MarkAnswerSeenAsync(flagId!, connection.UserPseudonym, time.GetUtcNow(), Context.ConnectionAborted))
        {
            throw new HubException("Je hebt geen beantwoorde melding met dit id.");
        }
    }

    private async Task<FlagResponse> StoreFlag(string? id, string? guideId, string? stepId, string? guideVersion, string? query, string text)
    {
        var connection = PanelConnection.Of(Context);
        if (connection.IsAnonymous)
        {
            anonymousWrites.TakeFlag(connection.Address);
        }
        var flag = PanelUsage.NewFlag(id, guideId, stepId, guideVersion, query, text, connection.UserPseudonym, connection.Role, connection.Page?.App, time.GetUtcNow());
        return FlagResponse.From(await recorder.AddFlagAsync(flag, Context.ConnectionAborted));
    }
}
