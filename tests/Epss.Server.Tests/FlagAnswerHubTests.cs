using System.Net;
using System.Text;
using Epss.Server.Tests.Support;
using Epss.Usage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Epss.Server.Tests;

/// <summary>
/// An expert's answer reaches the official who raised the flag, over the real .NET SignalR client: a flag raised by
/// one browser, answered over HTTP, is offered to that browser's next panel when it opens the guide, to no other
/// browser, and not again once read.
/// </summary>
public sealed class FlagAnswerHubTests : ServerWithExpert
{
    private const string GuideId = "pasfoto-beoordelen";

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task FlagAnswers_answer_reaches_the_same_browser_on_a_new_connection_not_another_browser_and_not_after_seen(HubProtocol protocol)
    {
        var browser = "browser-" + Guid.NewGuid().ToString("N");
        var otherBrowser = "browser-" + Guid.NewGuid().ToString("N");
        FlagResponse flag;
        await using (var raising = await Panels.ConnectAsync(Server, protocol, Ct, clientId: browser))
        {
            await raising.InvokeAsync<Epss.Content.Contract.GuideResponse>("OpenGuide", GuideId, Ct);
            flag = await raising.InvokeAsync<FlagResponse>("FlagStep", new FlagRequest(GuideId, "ouderdom", "Is het niet 6 maanden?"), Ct);
            Assert.Empty(await raising.InvokeAsync<FlagAnswerResponse[]>("FlagAnswers", GuideId, Ct));
        }
        using (var answer = await Expert.PostAsync(new Uri($"/api/flags/{flag.Id}/answer", UriKind.Relative),
            new StringContent("""{"text":"Ja, 6 maanden; de stap is aangepast."}""", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        await using var same = await Panels.ConnectAsync(Server, protocol, Ct, clientId: browser);
        await using var other = await Panels.ConnectAsync(Server, protocol, Ct, clientId: otherBrowser);
        await same.InvokeAsync<Epss.Content.Contract.GuideResponse>("OpenGuide", GuideId, Ct);
        var delivered = await same.InvokeAsync<FlagAnswerResponse[]>("FlagAnswers", GuideId, Ct);
        var elsewhere = await same.InvokeAsync<FlagAnswerResponse[]>("FlagAnswers", "spoedaanvraag", Ct);
        var toOther = await other.InvokeAsync<FlagAnswerResponse[]>("FlagAnswers", GuideId, Ct);
        var notTheirs = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync("AnswerSeen", flag.Id, Ct));
        await same.InvokeAsync("AnswerSeen", flag.Id, Ct);
        await using var later = await Panels.ConnectAsync(Server, protocol, Ct, clientId: browser);
        var afterSeen = await later.InvokeAsync<FlagAnswerResponse[]>("FlagAnswers", GuideId, Ct);

        var shown = Assert.Single(delivered);
        Assert.Equal((flag.Id, "ouderdom", "Ouderdom van de foto", "Is het niet 6 maanden?", "Ja, 6 maanden; de stap is aangepast."),
            (shown.FlagId, shown.StepId, shown.StepTitle, shown.Text, shown.Answer));
        Assert.True(shown.AnsweredAt > flag.CreatedAt);
        Assert.Empty(elsewhere);
        Assert.Empty(toOther);
        Assert.Contains("geen beantwoorde melding", notTheirs.Message, StringComparison.Ordinal);
        Assert.Empty(afterSeen);
    }

    [Theory]
    [InlineData("FlagAnswers", null, "gids")]
    [InlineData("FlagAnswers", "Geen Id", "gids")]
    [InlineData("AnswerSeen", null, "melding")]
    [InlineData("AnswerSeen", "geen id!", "melding")]
    public async Task FlagAnswers_and_AnswerSeen_refuse_bad_input_with_a_reason(string method, string? argument, string expected)
    {
        await using var panel = await Panels.ConnectAsync(Server, HubProtocol.Json, Ct, clientId: "browser-bad-input");

        var refused = await Assert.ThrowsAsync<HubException>(() => panel.InvokeCoreAsync(method, typeof(object), [argument], Ct));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }
}
