using System.Net;
using Estafeta.Core.Addresses;

namespace Estafeta.Core.Tests.Addresses;

public sealed class SmtpAddressTests
{
    [Theory]
    [InlineData("<user@Example.ORG>", "user", "example.org")]
    [InlineData("user@example.org", "user", "example.org")]
    [InlineData("<user@example.org.>", "user", "example.org")]
    [InlineData("<@a.example,@b.example:user@d.example>", "user", "d.example")]
    [InlineData("<@relay.example:joe@target.example>", "joe", "target.example")]
    [InlineData("<\"john doe\"@example.org>", "john doe", "example.org")]
    [InlineData("<\"a\\\"b\"@example.org>", "a\"b", "example.org")]
    [InlineData("<\"user@other\"@example.org>", "user@other", "example.org")]
    [InlineData("<user%other@example.org>", "user%other", "example.org")]
    [InlineData("<other!user@example.org>", "other!user", "example.org")]
    [InlineData("<User.Name+tag@example.org>", "User.Name+tag", "example.org")]
    [InlineData("<postmaster>", "postmaster", "")]
    public void Parses_local_part_and_domain(string path, string localPart, string domain)
    {
        Assert.True(SmtpAddress.TryParse(path, allowUtf8: false, out var address, out var error), error.ToString());
        Assert.Equal(localPart, address.LocalPart);
        Assert.Equal(domain, address.Domain);
    }

    [Fact]
    public void Null_path_is_the_null_sender()
    {
        Assert.True(SmtpAddress.TryParse("<>", false, out var address, out _));
        Assert.True(address.IsNull);
        Assert.Equal(string.Empty, address.ToString());
    }

    [Fact]
    public void Ipv4_literal_carries_its_address()
    {
        var address = SmtpAddress.Parse("<root@[192.0.2.1]>");
        Assert.Equal("[192.0.2.1]", address.Domain);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), address.DomainLiteral);
    }

    [Fact]
    public void Ipv6_literal_is_normalised()
    {
        var address = SmtpAddress.Parse("<root@[IPv6:2001:DB8:0::1]>");
        Assert.Equal("[ipv6:2001:db8::1]", address.Domain);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), address.DomainLiteral);
    }

    [Theory]
    [InlineData("<user@@example.org>")]
    [InlineData("<user@other@example.org>")]
    [InlineData("<.user@example.org>")]
    [InlineData("<user.@example.org>")]
    [InlineData("<us..er@example.org>")]
    [InlineData("<user@exa mple.org>")]
    [InlineData("<user@-example.org>")]
    [InlineData("<user@example..org>")]
    [InlineData("<user@>")]
    [InlineData("<@example.org>")]
    [InlineData("<user@[1.2.3]>")]
    [InlineData("<user@[0x7f.0.0.1]>")]
    [InlineData("<user@[IPv6:nonsense]>")]
    [InlineData("<user@[tag:whatever]>")]
    [InlineData("<user@example.org")]
    [InlineData("<\"unterminated@example.org>")]
    [InlineData("<us\rer@example.org>")]
    [InlineData("<\"a\nb\"@example.org>")]
    [InlineData("<\"a\\\u0001\"@example.org>")]
    [InlineData("<@a.example user@example.org>")]
    [InlineData("<a b@example.org>")]
    public void Rejects_bad_syntax(string path)
    {
        Assert.False(SmtpAddress.TryParse(path, allowUtf8: true, out _, out var error));
        Assert.Equal(AddressParseError.Syntax, error);
    }

    [Fact]
    public void Enforces_the_rfc_5321_bounds()
    {
        Assert.True(SmtpAddress.TryParse($"<{new string('a', 64)}@example.org>", false, out _, out _));
        Assert.False(SmtpAddress.TryParse($"<{new string('a', 65)}@example.org>", false, out _, out var localError));
        Assert.Equal(AddressParseError.LocalPartTooLong, localError);

        var longPath = $"<u@{string.Join('.', Enumerable.Repeat(new string('d', 60), 5))}>";
        Assert.False(SmtpAddress.TryParse(longPath, false, out _, out var pathError));
        Assert.Equal(AddressParseError.PathTooLong, pathError);
    }

    [Fact]
    public void Utf8_needs_smtputf8()
    {
        Assert.False(SmtpAddress.TryParse("<josé@exämple.org>", allowUtf8: false, out _, out var error));
        Assert.Equal(AddressParseError.NonAsciiWithoutSmtpUtf8, error);

        Assert.True(SmtpAddress.TryParse("<josé@Exämple.org>", allowUtf8: true, out var address, out _));
        Assert.Equal("josé", address.LocalPart);
        Assert.Equal("exämple.org", address.Domain);
        Assert.False(address.IsAscii);
    }

    [Theory]
    [InlineData("<user@example.org>", "user@example.org")]
    [InlineData("<\"john doe\"@Example.org.>", "\"john doe\"@example.org")]
    [InlineData("<\"a\\\"b\"@example.org>", "\"a\\\"b\"@example.org")]
    [InlineData("<\"plain\"@example.org>", "plain@example.org")]
    [InlineData("<@x.example:u@y.example>", "u@y.example")]
    public void Writes_the_canonical_form(string path, string expected) =>
        Assert.Equal(expected, SmtpAddress.Parse(path).ToString());
}

public sealed class SmtpDomainAndEdgeTests
{
    [Theory]
    [InlineData("Mail.Example.ORG.", "mail.example.org")]
    [InlineData("[127.0.0.1]", "[127.0.0.1]")]
    public void Domain_parses_alone(string text, string expected)
    {
        Assert.True(SmtpDomain.TryParse(text, false, out var domain, out _));
        Assert.Equal(expected, domain);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a..b")]
    [InlineData("[999.0.0.1]")]
    public void Bad_domains_do_not_parse(string text) => Assert.False(SmtpDomain.TryParse(text, false, out _, out _));

    [Fact]
    public void Empty_quoted_local_part_needs_a_domain()
    {
        Assert.False(SmtpAddress.TryParse("<\"\">", false, out _, out _));
        Assert.True(SmtpAddress.TryParse("<\"\"@example.org>", false, out var address, out _));
        Assert.False(address.IsNull);
        Assert.Equal("\"\"@example.org", address.ToString());
    }

    [Fact]
    public void Path_bound_counts_the_brackets()
    {
        // 64 + 1 + 189 = 254 octets; with brackets 256: the limit exactly.
        var domain = $"{new string('d', 62)}.{new string('d', 62)}.{new string('d', 61)}.x";
        Assert.Equal(189, domain.Length);
        var mailbox = $"{new string('a', 64)}@{domain}";
        Assert.True(SmtpAddress.TryParse(mailbox, false, out _, out _));
        Assert.True(SmtpAddress.TryParse($"<{mailbox}>", false, out _, out _));
        Assert.False(SmtpAddress.TryParse(mailbox + "y", false, out _, out var error));
        Assert.Equal(AddressParseError.PathTooLong, error);
    }
}
