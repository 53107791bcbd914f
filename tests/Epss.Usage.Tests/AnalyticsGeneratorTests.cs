using Epss.Testing;
using Epss.UsageGenerator;
using Generator = Epss.UsageGenerator.UsageGenerator;

namespace Epss.Usage.Tests;

public sealed class AnalyticsGeneratorTests
{
    private static readonly IReadOnlyList<SampleGuide> Guides = SampleGuides.Load(RepositoryRoot.ContentPath);
    private static readonly GeneratorSettings Settings = new(new DateOnly(2026, 11, 30), Days: 10, Events: 8_000, Seed: 3);

    [Fact]
    public void Generator_same_seed_gives_the_same_events_and_flags()
    {
        var first = Generator.GenerateAll(Settings, Guides);
        var second = Generator.GenerateAll(Settings, Guides);

        Assert.Equal(8_000, first.Events.Count);
        Assert.Equal(first.Events, second.Events);
        Assert.Equal(first.Flags, second.Flags);
    }

    [Fact]
    public void Generator_another_seed_gives_other_events()
    {
        var first = Generator.GenerateAll(Settings, Guides);
        var other = Generator.GenerateAll(Settings with { Seed = 4 }, Guides);

        Assert.NotEqual(first.Events.Select(e => (e.Type, e.OccurredAt, e.GuideId)), other.Events.Select(e => (e.Type, e.OccurredAt, e.GuideId)));
    }

    [Fact]
    public void Generator_events_are_valid_usage_events_in_opening_hours_of_working_days()
    {
        var usage = Generator.GenerateAll(Settings, Guides);

        Assert.All(usage.Events.Where(e => e.Type != UsageEventTypes.Flag), e => Assert.Null(UsageValidation.Problem(e, e.ReceivedAt)));
        Assert.All(usage.Flags, f => Assert.Null(UsageValidation.Problem(f)));
        Assert.All(usage.Events, e =>
        {
            var local = TimeZoneInfo.ConvertTime(e.OccurredAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
            Assert.InRange(local.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
            Assert.InRange(local.Hour, 8, 21);
        });
        // Every kind a busy front desk produces is there.
        var types = usage.Events.Select(e => e.Type).ToHashSet();
        Assert.Superset(new HashSet<string> { UsageEventTypes.GuideOpened, UsageEventTypes.StepViewed, UsageEventTypes.DecisionTaken, UsageEventTypes.GuideCompleted,
            UsageEventTypes.GuideAbandoned, UsageEventTypes.Search, UsageEventTypes.TargetMissing, UsageEventTypes.CheckTicked }, types);
        Assert.Contains(usage.Events, e => e.Type == UsageEventTypes.Search && e.Details.HitCount == 0);
        Assert.Contains(usage.Events, e => e.Type == UsageEventTypes.Search && e.Details.HitCount > 0 && e.Details.OpenedGuideId is null);
        Assert.Equal(40, usage.Events.Select(e => e.UserPseudonym).Distinct().Count());
    }

    [Fact]
    public async Task Generator_writes_exactly_what_it_returns_into_the_real_schema()
    {
        using var folder = new TempDataFolder();
        var usage = Generator.GenerateAll(Settings with { Events = 2_000 }, Guides);

        Assert.Equal(2_000, await UsageDatabaseWriter.WriteAsync(folder.Path, usage.Events, () => usage.Flags, TestContext.Current.CancellationToken));

        using var store = await UsageStore.OpenAsync(new UsageOptions { DataPath = folder.Path }, null, TestContext.Current.CancellationToken);
        Assert.Equal(usage.Events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id, StringComparer.Ordinal),
            await store.ReadEventsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Sample_guides_are_read_with_steps_in_order_and_decision_options()
    {
        var passport = SampleGuides.Catalog(Guides).Find("paspoort-aanvragen")!;

        Assert.Equal("Paspoort aanvragen", passport.Title);
        Assert.Equal("team-reisdocumenten", passport.Owner);
        Assert.Equal(new DateOnly(2027, 12, 1), passport.ReviewBy);
        Assert.Equal(["identiteit", "starten", "leeftijd", "pasfoto", "vingerafdrukken", "handtekening", "betalen", "opslaan"], passport.Steps.Select(s => s.Id));
        Assert.Contains(new Epss.Usage.Analytics.OptionInfo("Nee, nu vaststellen", null, "identiteit-vaststellen-aanvraag"), passport.FindStep("identiteit")!.Options);
        Assert.Contains(new Epss.Usage.Analytics.OptionInfo("De foto is niet goed", "afwijzen", "pasfoto-beoordelen"), passport.FindStep("pasfoto")!.Options);
        Assert.DoesNotContain(Guides, g => g.Info.Id == "adreswijziging-controleren");
    }
}
