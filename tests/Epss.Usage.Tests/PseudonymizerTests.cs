using Epss.Testing;
using Microsoft.Extensions.Hosting;

namespace Epss.Usage.Tests;

/// <summary>
/// Pseudonyms: stable for one key (across restarts), different under another key, never the identity itself; the
/// key is made once, readable by its owner only, and a damaged key is refused rather than replaced.
/// </summary>
public sealed class PseudonymizerTests : IDisposable
{
    private const int KeyCreated = 3006;
    private const string Identity = "jan.jansen@gemeente.nl";

    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    [Fact]
    public void Pseudonymize_in_a_new_instance_on_the_same_folder_gives_the_same_pseudonym()
    {
        var first = Create().Pseudonymize(Identity);

        var second = Create().Pseudonymize(Identity);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Pseudonymize_with_another_key_gives_another_pseudonym()
    {
        using var other = new TempDataFolder();

        var here = Create().Pseudonymize(Identity);
        var there = Create(other.Path).Pseudonymize(Identity);

        Assert.NotEqual(here, there);
    }

    [Fact]
    public void Pseudonymize_different_identities_gives_different_pseudonyms()
    {
        var pseudonymizer = Create();

        Assert.NotEqual(pseudonymizer.Pseudonymize("jan.jansen@gemeente.nl"), pseudonymizer.Pseudonymize("piet.pietersen@gemeente.nl"));
        Assert.NotEqual(pseudonymizer.Pseudonymize("jan"), pseudonymizer.Pseudonymize("Jan"));
    }

    [Fact]
    public void Pseudonymize_returns_a_short_pseudonym_that_shows_nothing_of_the_identity()
    {
        var pseudonym = Create().Pseudonymize(Identity);

        Assert.Equal(Pseudonymizer.PseudonymLength, pseudonym.Length);
        Assert.StartsWith("p_", pseudonym, StringComparison.Ordinal);
        Assert.True(Pseudonymizer.IsPseudonym(pseudonym));
        Assert.DoesNotContain("jan", pseudonym, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("gemeente", pseudonym, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Pseudonymize_an_empty_identity_is_refused(string identity)
    {
        Assert.Throws<ArgumentException>(() => Create().Pseudonymize(identity));
    }

    [Theory]
    [InlineData(Identity, false)]
    [InlineData("p_AAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("p_AAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("p_AAAAAAAAAAAAAAAAAAAA=A", false)]
    [InlineData("q_AAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData(null, false)]
    public void IsPseudonym_accepts_only_the_pseudonym_shape(string? value, bool expected)
    {
        Assert.Equal(expected, Pseudonymizer.IsPseudonym(value));
    }

    [Fact]
    public void EnsureKey_without_a_key_file_creates_one_of_32_bytes_once()
    {
        Create().EnsureKey();
        var key = File.ReadAllBytes(KeyPath);

        Create().EnsureKey();
        Create().Pseudonymize(Identity);

        Assert.Equal(Pseudonymizer.KeyLength, key.Length);
        Assert.Equal(key, File.ReadAllBytes(KeyPath));
        Assert.Single(_log.Entries, e => e.EventId.Id == KeyCreated);
        Assert.Equal([Pseudonymizer.KeyFileName], Directory.GetFiles(_data.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void EnsureKey_creates_a_key_file_only_its_owner_can_read_or_write()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes; on Windows the data folder's ACL applies.");
            return;
        }

        Create().EnsureKey();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
    }

    [Fact]
    public void EnsureKey_in_a_data_folder_that_does_not_exist_yet_creates_the_folder()
    {
        var nested = Path.Combine(_data.Path, "nog", "niet", "aangemaakt");

        var pseudonym = Create(nested).Pseudonymize(Identity);

        Assert.True(File.Exists(Path.Combine(nested, Pseudonymizer.KeyFileName)));
        Assert.True(Pseudonymizer.IsPseudonym(pseudonym));
    }

    [Fact]
    public async Task Pseudonymize_from_many_threads_at_first_use_uses_one_key()
    {
        var pseudonymizer = Create();

        var pseudonyms = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => pseudonymizer.Pseudonymize(Identity))));

        Assert.Single(pseudonyms.Distinct());
        Assert.Equal(pseudonyms[0], Create().Pseudonymize(Identity));
    }

    [Fact]
    public async Task Pseudonymizers_of_two_servers_starting_at_once_agree_on_one_key()
    {
        var instances = Enumerable.Range(0, 8).Select(_ => Create()).ToList();

        var pseudonyms = await Task.WhenAll(instances.Select(p => Task.Run(() => p.Pseudonymize(Identity))));

        Assert.Single(pseudonyms.Distinct());
        Assert.Equal([Pseudonymizer.KeyFileName], Directory.GetFiles(_data.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void EnsureKey_with_a_key_file_of_the_wrong_length_is_refused_and_the_file_kept(int length)
    {
        var damaged = Enumerable.Repeat((byte)7, length).ToArray();
        File.WriteAllBytes(KeyPath, damaged);

        var error = Assert.Throws<InvalidDataException>(() => Create().Pseudonymize(Identity));

        Assert.Contains(KeyPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("beschadigd", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{length} bytes in plaats van 32", error.Message, StringComparison.Ordinal);
        Assert.Equal(damaged, File.ReadAllBytes(KeyPath));
        Assert.DoesNotContain(_log.Entries, e => e.EventId.Id == KeyCreated);
    }

    [Fact]
    public async Task StartAsync_as_hosted_service_creates_the_key_so_a_damaged_one_stops_the_start()
    {
        IHostedService fresh = Create();
        await fresh.StartAsync(TestContext.Current.CancellationToken);
        Assert.True(File.Exists(KeyPath));

        File.WriteAllBytes(KeyPath, [1, 2, 3]);
        IHostedService damaged = Create();

        await Assert.ThrowsAsync<InvalidDataException>(() => damaged.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Pseudonymize_with_a_known_key_gives_the_hmac_of_the_identity()
    {
        // Pins the algorithm: a change here would give every user a new pseudonym.
        File.WriteAllBytes(KeyPath, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var expected = "p_" + System.Buffers.Text.Base64Url.EncodeToString(
            System.Security.Cryptography.HMACSHA256.HashData(File.ReadAllBytes(KeyPath), System.Text.Encoding.UTF8.GetBytes(Identity))[..16]);

        Assert.Equal(expected, Create().Pseudonymize(Identity));
    }

    public void Dispose()
    {
        _log.Dispose();
        _data.Dispose();
    }

    private string KeyPath => _data.FullPath(Pseudonymizer.KeyFileName);

    private Pseudonymizer Create(string? dataPath = null) =>
        new(Support.UsageTestData.Wrap(new UsageOptions { DataPath = dataPath ?? _data.Path }), _log.For<Pseudonymizer>());
}
