using System.Net;
using Estafeta.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Estafeta.Auth.Tests;

public sealed class PasswordVerifierTests
{
    [Fact]
    public void The_first_source_that_knows_the_user_decides()
    {
        var first = new FixedSource(new() { ["alice"] = CryptHasher.Hash("right", "$6$") });
        var second = new FixedSource(new() { ["alice"] = CryptHasher.Hash("other", "$6$"), ["bob"] = CryptHasher.Hash("bobpw", "$6$") });
        var verifier = new PasswordVerifier([first, second]);

        Assert.Equal(AuthOutcome.Success, verifier.Verify("alice", "right"u8));
        Assert.Equal(AuthOutcome.Failure, verifier.Verify("alice", "other"u8));
        Assert.Equal(AuthOutcome.Success, verifier.Verify("bob", "bobpw"u8));
        Assert.Equal(AuthOutcome.Failure, verifier.Verify("carol", "right"u8));
    }

    [Fact]
    public void An_unknown_user_is_checked_against_the_dummy_hash_like_a_known_one()
    {
        var hasher = new CountingHasher();
        var verifier = new PasswordVerifier([new FixedSource(new() { ["alice"] = "$6$salt$hash" })], hasher, dummyHash: "$6$dummy$hash");

        verifier.Verify("nobody-here", "guess"u8);
        verifier.Verify("alice", "guess"u8);

        Assert.Equal(["$6$dummy$hash", "$6$salt$hash"], hasher.Hashes);
    }

    [Fact]
    public void The_rate_limit_counts_per_address_and_forgets_after_the_time_unit()
    {
        var time = new FakeTimeProvider();
        var limiter = new AuthRateLimiter(3, TimeSpan.FromSeconds(60), time);
        var attacker = IPAddress.Parse("192.0.2.9");
        var other = IPAddress.Parse("192.0.2.1");

        var answers = Enumerable.Range(0, 5).Select(_ => limiter.TryCount(attacker, out _)).ToList();
        var otherAllowed = limiter.TryCount(other, out _);
        time.Advance(TimeSpan.FromSeconds(61));
        var afterWindow = limiter.TryCount(attacker, out var count);

        Assert.Equal([true, true, true, false, false], answers);
        Assert.True(otherAllowed);
        Assert.True(afterWindow);
        Assert.Equal(1, count);
    }

    private sealed class FixedSource(Dictionary<string, string> hashes) : IPasswordSource
    {
        public string Name => "fixed";

        public string? FindHash(string user) => hashes.GetValueOrDefault(user);
    }

    private sealed class CountingHasher : ICryptHasher
    {
        public List<string> Hashes { get; } = [];

        public bool Verify(ReadOnlySpan<byte> password, string hash)
        {
            Hashes.Add(hash);
            return false;
        }
    }
}
