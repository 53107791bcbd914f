using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Usage;

/// <summary>
/// Turns a user's identity (login name, e-mail, user id) into a pseudonym before anything about them is stored:
/// HMAC-SHA256 under a random key kept in the data folder. The same identity gives the same pseudonym for as long as
/// the key is kept, so analyses can count distinct users and follow a run; without the key nobody can go back from
/// a pseudonym to a person, nor test a guessed e-mail address against the stored data.
/// </summary>
/// <remarks>
/// Registered as a hosted service only so that the key is created, or a damaged one reported, when the server starts
/// rather than on the first event.
/// </remarks>
public sealed class Pseudonymizer : IHostedService
{
    public const string KeyFileName = "usage-pseudonym.key";
    public const int KeyLength = 32;

    /// <summary>"p_" and 22 characters: base64url of the first 16 bytes of the HMAC (128 bits, ample against collisions).</summary>
    public const int PseudonymLength = 24;

    /// <summary>How a signed-in user's pseudonym begins (and every pseudonym stored before anonymous ones were told apart).</summary>
    public const string Prefix = "p_";

    /// <summary>How the pseudonym of a client that did not sign in begins.</summary>
    public const string AnonymousPrefix = "a_";
    private const int PseudonymBytes = 16;

    private readonly string _keyPath;
    private readonly ILogger<Pseudonymizer> _logger;
    private readonly Lock _loading = new();
    private byte[]? _key;

    public Pseudonymizer(IOptions<UsageOptions> options, ILogger<Pseudonymizer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keyPath = options.Value.PseudonymKeyPath;
        _logger = logger;
    }

    public string KeyPath => _keyPath;

    /// <summary>
    /// The pseudonym of <paramref name="identity"/>, taken exactly as given (no case folding): pass the identity
    /// provider's stable id for the user, not a display name that may change.
    /// </summary>
    /// <exception cref="InvalidDataException">The key file is damaged (see <see cref="EnsureKey"/>).</exception>
    public string Pseudonymize(string identity) => Pseudonymize(identity, Prefix);

    /// <summary>
    /// The pseudonym of a client that did not sign in (a browser's own random id, or one connection): marked as such
    /// (<see cref="AnonymousPrefix"/>), so that the analyses keep what anyone on the network can send apart from what
    /// signed-in officials did, and open flags of such clients expire sooner (issue 16).
    /// </summary>
    public string PseudonymizeAnonymous(string identity) => Pseudonymize(identity, AnonymousPrefix);

    /// <summary>Whether <paramref name="pseudonym"/> is that of a client that did not sign in.</summary>
    public static bool IsAnonymous(string? pseudonym) => pseudonym?.StartsWith(AnonymousPrefix, StringComparison.Ordinal) == true;

    /// <summary>Whether <paramref name="value"/> has the shape of a pseudonym (so that a raw identity is never stored by mistake).</summary>
    public static bool IsPseudonym(string? value)
    {
        if (value is not { Length: PseudonymLength } || !(value.StartsWith(Prefix, StringComparison.Ordinal) || value.StartsWith(AnonymousPrefix, StringComparison.Ordinal)))
        {
            return false;
        }
        foreach (var c in value.AsSpan(Prefix.Length))
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Reads the key, or creates it when there is none yet. A key file of the wrong length is refused, never replaced:
    /// a new key would give every user a new pseudonym and so break every analysis over time.
    /// </summary>
    /// <exception cref="InvalidDataException">The key file exists but is not a key.</exception>
    public void EnsureKey() => Key();

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        EnsureKey();
        return Task.CompletedTask;
    }

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string Pseudonymize(string identity, string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        var key = Key();
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(identity), hash);
        return prefix + Base64Url.EncodeToString(hash[..PseudonymBytes]);
    }

    private byte[] Key()
    {
        if (Volatile.Read(ref _key) is { } known)
        {
            return known;
        }
        lock (_loading)
        {
            if (_key is null)
            {
                Volatile.Write(ref _key, ReadOrCreate());
            }
            return _key!;
        }
    }

    private byte[] ReadOrCreate()
    {
        if (File.Exists(_keyPath))
        {
            return Read();
        }
        Directory.CreateDirectory(Path.GetDirectoryName(_keyPath)!);
        // Servers starting together on one shared folder take turns: the move without overwrite below did not stop two
        // instances from each writing a key (seen once in CI: both logged "Created a new pseudonym key"), and two keys
        // give one official two pseudonyms.
        using var turn = CreationTurn();
        if (File.Exists(_keyPath))
        {
            return Read();
        }
        var key = RandomNumberGenerator.GetBytes(KeyLength);
        // Written under a temporary name and then moved into place, so that a crash half-way never leaves a short key
        // (which would be refused at every start) and a second server starting at the same moment keeps the first key.
        var temporary = _keyPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                // Owner only (0600): with the key, pseudonyms of known e-mail addresses could be recomputed.
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temporary, create))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, _keyPath, overwrite: false);
            Log.PseudonymKeyCreated(_logger, _keyPath);
            return key;
        }
        catch (IOException) when (File.Exists(_keyPath))
        {
            // Another process created it first: use theirs.
            return Read();
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// An exclusive hold on <c>usage-pseudonym.key.lock</c> beside the key (FileShare.None: an flock on Unix, honoured by
    /// every .NET process on the folder), for the few milliseconds a key is written.
    /// </summary>
    private KeyCreationTurn CreationTurn()
    {
        var lockPath = _keyPath + ".lock";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new KeyCreationTurn(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), lockPath, _keyPath);
            }
            catch (IOException) when (attempt < 500)
            {
                // Another server is writing the key: a moment, then read theirs.
                Thread.Sleep(10);
            }
        }
    }

    /// <summary>
    /// Removes the lock file once the key is in place (whoever comes later finds the key and never needs the lock), then
    /// lets go. Left when no key was written, so that the next to try still takes turns.
    /// </summary>
    private sealed class KeyCreationTurn(FileStream held, string lockPath, string keyPath) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                if (File.Exists(keyPath))
                {
                    File.Delete(lockPath);
                }
            }
            catch (IOException)
            {
                // Only tidiness: an empty lock file beside the key does no harm.
            }
            finally
            {
                held.Dispose();
            }
        }
    }

    private byte[] Read()
    {
        var key = File.ReadAllBytes(_keyPath);
        if (key.Length != KeyLength)
        {
            throw new InvalidDataException(
                $"Het sleutelbestand voor pseudoniemen {_keyPath} is beschadigd: {key.Length} bytes in plaats van {KeyLength}. " +
                "Zet het terug uit de back-up van de datamap. Verwijder het alleen als je bewust opnieuw wilt beginnen: " +
                "met een nieuwe sleutel krijgt iedere gebruiker een nieuw pseudoniem en zijn de opgeslagen gegevens niet meer aan nieuwe te koppelen.");
        }
        return key;
    }
}
