using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>What a panel sends, made into what is stored: who and where from the connection, what was typed scrubbed, a bad one refused with its reason.</summary>
public sealed class PanelUsageTests
{
    private static UsageEventRequest Search(string id, string query) =>
        new(id, UsageEventTypes.Search, UsageTestData.Now.AddMinutes(-1), null, null, null, null, null, null, null, null, null, query, 0, null, null);

    [Fact]
    public void Events_take_who_and_where_from_the_connection_and_scrub_the_query()
    {
        var events = PanelUsage.Events([Search("evt-1", "bsn 123456789 paspoort")], UsageTestData.User, "baliemedewerker", "burgerzaken", UsageTestData.Now);

        var stored = Assert.Single(events);
        Assert.Equal((PanelUsage.OwnId(UsageTestData.User, "evt-1"), UsageTestData.User, "baliemedewerker", "burgerzaken", UsageTestData.Now),
            (stored.Id, stored.UserPseudonym, stored.Role, stored.App, stored.ReceivedAt));
        Assert.Equal($"bsn {UsageValidation.NumberPlaceholder} paspoort", stored.Details.Query);
    }

    [Fact]
    public void Events_refuse_the_whole_batch_naming_the_event_that_is_not_valid()
    {
        var error = Assert.Throws<InvalidUsageException>(() =>
            PanelUsage.Events([Search("evt-1", "paspoort"), Search("", "rijbewijs")], UsageTestData.User, null, null, UsageTestData.Now));

        Assert.StartsWith("Gebeurtenis 2: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_refuse_none_and_more_than_a_batch()
    {
        Assert.Throws<InvalidUsageException>(() => PanelUsage.Events([], UsageTestData.User, null, null, UsageTestData.Now));
        var many = Enumerable.Range(0, PanelUsage.MaximumEventsPerBatch + 1).Select(i => (UsageEventRequest?)Search($"evt-{i}", "paspoort")).ToArray();
        Assert.Throws<InvalidUsageException>(() => PanelUsage.Events(many, UsageTestData.User, null, null, UsageTestData.Now));
    }

    [Fact]
    public void Own_ids_are_per_pseudonym_and_stable()
    {
        var other = "p_" + new string('B', 22);

        Assert.Equal(PanelUsage.OwnId(UsageTestData.User, "evt-1"), PanelUsage.OwnId(UsageTestData.User, "evt-1"));
        Assert.NotEqual(PanelUsage.OwnId(UsageTestData.User, "evt-1"), PanelUsage.OwnId(other, "evt-1"));
        Assert.True(UsageValidation.IsId(PanelUsage.OwnId(UsageTestData.User, "evt-1"), UsageValidation.MaximumFlagIdLength));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData(null)]
    public void FlagText_refuses_an_empty_text(string? text) =>
        Assert.Throws<InvalidUsageException>(() => PanelUsage.FlagText(text));

    [Fact]
    public void FlagText_is_trimmed_and_scrubbed_of_numbers() =>
        Assert.Equal($"Documentnummer {UsageValidation.NumberPlaceholder} klopt niet.", PanelUsage.FlagText("  Documentnummer 12345678 klopt niet. "));

    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", true)]
    [InlineData("kort", false)]
    [InlineData("met spatie erin", false)]
    public void NewFlag_keeps_the_panels_own_id_only_when_it_is_one(string id, bool kept)
    {
        var flag = PanelUsage.NewFlag(id, "paspoort-aanvragen", "identiteit", "v1", null, "Klopt niet.", UsageTestData.User, null, null, UsageTestData.Now);

        Assert.Equal(kept, flag.Id == PanelUsage.OwnId(UsageTestData.User, id));
        Assert.Equal(StepFlag.StatusOpen, flag.Status);
    }
}
