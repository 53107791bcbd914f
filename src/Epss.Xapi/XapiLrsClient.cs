using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Epss.Xapi;

/// <summary>
/// A failed delivery to the LRS. <see cref="IsTransient"/>: the LRS or the network is down or busy (connection
/// refused or dropped, time-out, 408, 429, 5xx) and the same batch will probably go through later; otherwise the
/// LRS refuses it (401, 403, 404, another 4xx) and an administrator must look. Either way nothing is skipped.
/// </summary>
public sealed class XapiLrsException(string message, int? statusCode, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status of the LRS's answer; null when there was none (network, time-out).</summary>
    public int? StatusCode { get; } = statusCode;

    public bool IsTransient { get; } = isTransient;

    /// <summary>The LRS's Retry-After, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>What became of a batch: stored now, already at the LRS (sent before), or refused one by one (400).</summary>
public sealed record XapiBatchOutcome(int Stored, int AlreadyPresent, IReadOnlyList<XapiRefusal> Refused);

/// <summary>A statement the LRS refused on its own (400), with the start of its answer.</summary>
public sealed record XapiRefusal(Guid StatementId, int StatusCode, string Reason);

/// <summary>
/// Posts statements to an LRS's statements resource (xAPI 1.0.3 communication, §2.1): with the version header and
/// the configured credentials. Owns its HttpClient (one per server, connections renewed every few minutes so that a
/// DNS change of the LRS is followed).
/// </summary>
public sealed class XapiLrsClient : IDisposable
{
    public const string VersionHeader = "X-Experience-API-Version";

    private const int MaximumReasonLength = 300;

    private readonly HttpClient _http;
    private readonly Uri _statements;

    public XapiLrsClient(IOptions<XapiOptions> options)
        : this(options, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
    }

    internal XapiLrsClient(IOptions<XapiOptions> options, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _statements = settings.PushEnabled ? settings.StatementsUri() : new Uri("http://localhost/statements");
        _http = new HttpClient(handler) { Timeout = settings.RequestTimeout };
        _http.DefaultRequestHeaders.Add(VersionHeader, XapiStatement.SpecVersion);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(settings.BearerToken))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.BearerToken);
        }
        else if (!string.IsNullOrEmpty(settings.Username))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}"));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }
    }

    public Uri StatementsUri => _statements;

    /// <summary>
    /// Sends the batch in one POST. When the LRS answers 409 (it has some of these ids: a batch sent again after its
    /// answer was lost) or 400 (one statement it does not take), the statements are sent one by one, and those it
    /// has already are counted rather than sent twice.
    /// </summary>
    /// <exception cref="XapiLrsException">The batch was not (wholly) delivered; send it again later.</exception>
    public async Task<XapiBatchOutcome> SendAsync(IReadOnlyList<XapiStatement> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0)
        {
            return new XapiBatchOutcome(0, 0, []);
        }
        using (var response = await PostAsync(statements, cancellationToken).ConfigureAwait(false))
        {
            if (response.IsSuccessStatusCode)
            {
                await CheckIdsAsync(response, statements.Count, cancellationToken).ConfigureAwait(false);
                return new XapiBatchOutcome(statements.Count, 0, []);
            }
            if (response.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.BadRequest))
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        var stored = 0;
        var present = 0;
        var refused = new List<XapiRefusal>();
        foreach (var statement in statements)
        {
            using var response = await PostAsync(statement, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                stored++;
            }
            else if (response.StatusCode == HttpStatusCode.Conflict)
            {
                present++;
            }
            else if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                refused.Add(new XapiRefusal(statement.Id, (int)response.StatusCode, await ReasonAsync(response, cancellationToken).ConfigureAwait(false)));
            }
            else
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
        return new XapiBatchOutcome(stored, present, refused);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> PostAsync<T>(T body, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.PostAsJsonAsync(_statements, body, XapiJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new XapiLrsException($"The LRS at {_statements} could not be reached: {e.Message}", null, isTransient: true, inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new XapiLrsException($"The LRS at {_statements} did not answer within {_http.Timeout.TotalSeconds:0} s", null, isTransient: true, inner: e);
        }
    }

    /// <summary>A 200 carries the ids stored (xAPI 1.0.3 communication §2.1.2); a body that is not that list means the LRS is not well.</summary>
    private async Task CheckIdsAsync(HttpResponseMessage response, int expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return;
        }
        string[]? ids;
        try
        {
            ids = await response.Content.ReadFromJsonAsync<string[]>(XapiJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new XapiLrsException($"The LRS at {_statements} answered 200 without the list of statement ids", 200, isTransient: true, inner: e);
        }
        if (ids is null || ids.Length != expected)
        {
            throw new XapiLrsException(
                $"The LRS at {_statements} answered 200 with {ids?.Length ?? 0} statement ids for {expected} statements", 200, isTransient: true);
        }
    }

    private async Task<XapiLrsException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var transient = status is 408 or 429 or >= 500;
        var retryAfter = response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
        var reason = await ReasonAsync(response, cancellationToken).ConfigureAwait(false);
        var hint = status switch
        {
            401 or 403 => " (check Epss:Xapi:Username/Password or BearerToken)",
            404 => " (check Epss:Xapi:Endpoint: it is the LRS's xAPI base, to which 'statements' is added)",
            _ => "",
        };
        return new XapiLrsException($"The LRS at {_statements} answered {status} {response.ReasonPhrase}{hint}: {reason}", status, transient, retryAfter);
    }

    /// <summary>The start of the LRS's answer, on one line, for the log.</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length <= MaximumReasonLength ? text : text[..MaximumReasonLength] + "…";
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
