namespace Epss.Authoring;

/// <summary>
/// An expert as the history knows them: <paramref name="Id"/> is stable and unique (the server's <c>local:</c> account
/// id or <c>oidc:</c> subject), and decides who wrote, sent and may publish a change; <paramref name="Name"/> is what
/// other experts see. Two experts with the same name are still two experts.
/// </summary>
public sealed record Expert(string Id, string Name)
{
    /// <summary>The prefix of ids the history gave rows written before it kept ids (issue 16): the name then recorded.</summary>
    public const string LegacyPrefix = "name:";

    /// <summary>The id a row from before the history kept ids has for this expert: one recorded under their name.</summary>
    public string LegacyId => LegacyPrefix + Name;

    /// <summary>
    /// Whether <paramref name="id"/> (as stored in the history) is this expert: their id, or, on a row from before ids
    /// were kept, their name. Matching old rows by name refuses too much rather than too little.
    /// </summary>
    public bool Is(string? id) => id is not null && (id == Id || id == LegacyId);
}
