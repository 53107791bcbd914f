using System.Text.Encodings.Web;
using System.Text.Json;

namespace Epss.Xapi;

/// <summary>The serializer settings for statements written by Epss itself (file export, LRS push).</summary>
public static class XapiJson
{
    /// <summary>Relaxed escaping: Dutch titles and queries stay readable; the output is JSON, never HTML.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
