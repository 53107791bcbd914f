using System.Text.Json;
using System.Text.Json.Serialization;
using Epss.Usage;

namespace Epss.Xapi;

/// <summary>
/// What the LRS has accepted: the position of the last event of the last accepted batch, and to which endpoint.
/// Kept in a small JSON file in the data folder, so it is backed up with the events.
/// </summary>
internal sealed record XapiCursor(
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt)
{
    public UsageEventPosition Position => new(ReceivedAt, EventId);
}

/// <summary>Reads and atomically replaces the cursor file.</summary>
internal sealed class XapiCursorFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The cursor, or null when there is none yet.</summary>
    /// <exception cref="JsonException">The file is damaged.</exception>
    public async Task<XapiCursor?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        await using var stream = File.OpenRead(Path);
        var cursor = await JsonSerializer.DeserializeAsync<XapiCursor>(stream, XapiJson.Options, cancellationToken).ConfigureAwait(false);
        return cursor is { Endpoint: not null, EventId: not null } ? cursor : throw new JsonException("The xAPI cursor file lacks its endpoint or event id.");
    }

    /// <summary>
    /// Writes a temporary file, flushes it to disk, then renames it over the cursor: after a crash the file is the old
    /// cursor or the new one, never half of either.
    /// </summary>
    public async Task WriteAsync(XapiCursor cursor, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            await JsonSerializer.SerializeAsync(stream, cursor, XapiJson.Options, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
