using System.Text;
using Estafeta.Auth;

namespace Estafeta.Auth.Tests;

public sealed class CryptHasherTests
{
    [Theory]
    [InlineData("$6$")]
    [InlineData("$2b$")]
    [InlineData("$y$")]
    [InlineData("$5$")]
    public void A_new_hash_accepts_its_password_and_refuses_another(string prefix)
    {
        var hash = CryptHasher.Hash("s3cret-pässword", prefix);

        Assert.StartsWith(prefix, hash, StringComparison.Ordinal);
        Assert.True(CryptHasher.Instance.Verify(Encoding.UTF8.GetBytes("s3cret-pässword"), hash));
        Assert.False(CryptHasher.Instance.Verify(Encoding.UTF8.GetBytes("s3cret-password"), hash));
    }

    [Fact]
    public void A_known_sha512_crypt_hash_from_another_system_checks()
    {
        // crypt("password", "$6$saltsalt"): the widely published sha512-crypt example value.
        const string hash = "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/";

        Assert.True(CryptHasher.Instance.Verify("password"u8, hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("!$6$locked")]
    [InlineData("$unknown$x")]
    public void A_hash_that_libcrypt_cannot_use_never_matches(string hash)
    {
        Assert.False(CryptHasher.Instance.Verify("password"u8, hash));
        Assert.False(CryptHasher.Instance.Verify(""u8, hash));
    }
}
