using System.Net;
using System.Text.RegularExpressions;
using Epss.Content.Model;
using Epss.Search.Indexing;
using Microsoft.Data.Sqlite;

namespace Epss.Benchmarks;

/// <summary>
/// The baseline a team might pick instead of Lucene: SQLite FTS5 over the same guides, done the way its manual
/// suggests. One row per step carrying its guide's title, synonyms, tags and summary (plus the guide's intro), the
/// <c>unicode61 remove_diacritics 2</c> tokenizer, a prefix index, <c>bm25</c> with the same column weights as
/// Epss, one hit per guide (its best step), <c>snippet()</c> for the hits shown only, HTML-encoded with the matched
/// words marked, and the word being typed as a prefix query. No stemming and no typo tolerance: FTS5 has neither.
/// </summary>
public sealed partial class Fts5GuideSearch : IDisposable
{
    private const string Start = "\u0001";
    private const string End = "\u0002";
    private const string SnippetTokens = "24";

    // Weights in column order: title 6, synonyms 4, step title 2.5, tags 2, summary 1.5, text 1 (as Epss weighs its fields).
    private const string Weights = "6, 4, 2.5, 2, 1.5, 1";

    // Which guide and step a row is sits in a plain table: an FTS5 column is read from the row's whole stored text,
    // which made grouping by guide cost as much as the search itself.
    private const string Sql = $"""
        WITH ranked AS MATERIALIZED (
            SELECT rowid AS id, bm25(steps, {Weights}) AS score FROM steps WHERE steps MATCH $query
        ), best AS (
            SELECT ranked.id, min(ranked.score) AS score, count(*) OVER () AS total
            FROM ranked JOIN step_rows ON step_rows.id = ranked.id
            GROUP BY step_rows.guide_number ORDER BY score LIMIT $limit
        )
        SELECT step_rows.guide, step_rows.step, best.total, snippet(steps, -1, '{Start}', '{End}', '…', {SnippetTokens})
        FROM best JOIN step_rows ON step_rows.id = best.id JOIN steps ON steps.rowid = best.id
        WHERE steps MATCH $query
        ORDER BY best.score
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _search;
    private readonly SqliteParameter _query;
    private readonly SqliteParameter _limit;

    public Fts5GuideSearch(string databasePath, IEnumerable<Guide> guides)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA mmap_size = 268435456;
            CREATE TABLE step_rows(id INTEGER PRIMARY KEY, guide_number INTEGER NOT NULL, guide TEXT NOT NULL, step TEXT NOT NULL);
            CREATE VIRTUAL TABLE steps USING fts5(
                title, synonyms, steptitle, tags, summary, text,
                tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5');
            """);
        Load(guides);
        Execute("INSERT INTO steps(steps) VALUES ('optimize');");

        _search = _connection.CreateCommand();
        _search.CommandText = Sql;
        _query = _search.Parameters.Add("$query", SqliteType.Text);
        _limit = _search.Parameters.Add("$limit", SqliteType.Integer);
        _search.Prepare();
    }

    /// <summary>FTS5's query syntax for what was typed: every word required, the word being typed as a prefix.</summary>
    public static string? MatchExpression(string typed)
    {
        var words = Words().Matches(typed).Select(m => m.Value).ToList();
        if (words.Count == 0)
        {
            return null;
        }
        var stillTyping = !char.IsWhiteSpace(typed[^1]);
        return string.Join(' ', words.Select((w, i) => $"\"{w}\"" + (stillTyping && i == words.Count - 1 ? "*" : "")));
    }

    public Fts5Result Search(string typed, int limit = 10)
    {
        if (MatchExpression(typed) is not { } match)
        {
            return new Fts5Result(0, []);
        }
        _query.Value = match;
        _limit.Value = limit;
        var hits = new List<Fts5Hit>(limit);
        var total = 0;
        using var reader = _search.ExecuteReader();
        while (reader.Read())
        {
            total = reader.GetInt32(2);
            hits.Add(new Fts5Hit(reader.GetString(0), reader.GetString(1), Encode(reader.GetString(3))));
        }
        return new Fts5Result(total, hits);
    }

    public void Dispose()
    {
        _search.Dispose();
        _connection.Dispose();
    }

    /// <summary>Everything but the marks HTML-encoded, as Epss's snippets are.</summary>
    private static string Encode(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(Start, "<mark>", StringComparison.Ordinal).Replace(End, "</mark>", StringComparison.Ordinal);

    private void Load(IEnumerable<Guide> guides)
    {
        using var transaction = _connection.BeginTransaction();
        using var row = _connection.CreateCommand();
        row.CommandText = "INSERT INTO step_rows(id, guide_number, guide, step) VALUES ($id, $number, $guide, $step)";
        var rowValues = new[] { "$id", "$number", "$guide", "$step" }.Select(name => row.Parameters.Add(new SqliteParameter(name, DBNull.Value))).ToArray();
        using var text = _connection.CreateCommand();
        text.CommandText = "INSERT INTO steps(rowid, title, synonyms, steptitle, tags, summary, text) VALUES ($id, $title, $synonyms, $steptitle, $tags, $summary, $text)";
        var textValues = new[] { "$id", "$title", "$synonyms", "$steptitle", "$tags", "$summary", "$text" }
            .Select(name => text.Parameters.Add(new SqliteParameter(name, DBNull.Value))).ToArray();
        var id = 0L;
        var number = 0L;
        foreach (var guide in guides)
        {
            number++;
            // The intro is searched with the summary, as Epss searches it with the guide.
            var summary = guide.Summary + "\n" + GuideDocuments.TextOf(guide.IntroHtml);
            foreach (var step in guide.Steps)
            {
                id++;
                Insert(row, rowValues, [id, number, guide.Id, step.Id]);
                Insert(text, textValues, [id, guide.Title, string.Join(" ; ", guide.Synonyms), step.Title, string.Join(" ; ", guide.Tags), summary, step.Text]);
            }
        }
        transaction.Commit();
    }

    private static void Insert(SqliteCommand command, SqliteParameter[] parameters, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i];
        }
        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>What unicode61 takes as a word: letters and digits.</summary>
    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}

public sealed record Fts5Hit(string GuideId, string? StepId, string Snippet);

public sealed record Fts5Result(int Total, IReadOnlyList<Fts5Hit> Hits);
