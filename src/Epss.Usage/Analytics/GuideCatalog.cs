namespace Epss.Usage.Analytics;

/// <summary>
/// What the analyses know of the guides: Epss.Usage stores ids only, so titles, step order, decision labels, owner
/// and review-by come from the server's library through <see cref="IGuideCatalogSource"/>.
/// </summary>
public sealed record GuideCatalog(IReadOnlyList<GuideInfo> Guides)
{
    private readonly Dictionary<string, GuideInfo> _byId = Guides
        .GroupBy(g => g.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public static GuideCatalog Empty { get; } = new([]);

    public GuideInfo? Find(string guideId) => _byId.GetValueOrDefault(guideId);

    /// <summary>The guide's title, or its id when the guide is not (or no longer) in the library.</summary>
    public string Title(string guideId) => Find(guideId)?.Title ?? guideId;
}

/// <summary>One guide as it is now. <see cref="Steps"/> in their order in the guide.</summary>
public sealed record GuideInfo(string Id, string Title, string? Owner, DateOnly? ReviewBy, IReadOnlyList<StepInfo> Steps)
{
    public StepInfo? FindStep(string stepId) => Steps.FirstOrDefault(s => s.Id == stepId);

    /// <summary>1-based position of the step, or null when the guide no longer has it.</summary>
    public int? Position(string stepId)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].Id == stepId)
            {
                return i + 1;
            }
        }
        return null;
    }
}

/// <summary>One step; <see cref="Options"/> are its decision's options (empty when the step has no decision).</summary>
public sealed record StepInfo(string Id, string Title, IReadOnlyList<OptionInfo> Options);

/// <summary>A decision option: where it leads, a step of the same guide, another guide, or a step of another guide.</summary>
public sealed record OptionInfo(string Label, string? ToStepId, string? ToGuideId);

/// <summary>Gives the analyses the current catalogue; the server implements it over its guide library.</summary>
public interface IGuideCatalogSource
{
    GuideCatalog GetCatalog();
}

/// <summary>A fixed catalogue: the default until the server registers its own, and for tests and tools.</summary>
public sealed class FixedGuideCatalogSource(GuideCatalog catalog) : IGuideCatalogSource
{
    public GuideCatalog GetCatalog() => catalog;
}
