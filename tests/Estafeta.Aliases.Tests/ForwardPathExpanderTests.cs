namespace Estafeta.Aliases.Tests;

public sealed class ForwardPathExpanderTests
{
    private static readonly Dictionary<string, string?> WithExtension = new()
    {
        ["home"] = "/home/ana",
        ["user"] = "ana",
        ["extension"] = "lists",
        ["recipient_delimiter"] = "+",
    };

    private static readonly Dictionary<string, string?> WithoutExtension = new()
    {
        ["home"] = "/home/ana",
        ["user"] = "ana",
        ["extension"] = null,
        ["recipient_delimiter"] = null,
    };

    [Fact]
    public void Postfix_default_elements_expand()
    {
        Assert.Equal("/home/ana/.forward+lists", ForwardPathExpander.Expand("$home/.forward${recipient_delimiter}${extension}", WithExtension, out var used));
        Assert.True(used);
        Assert.Equal("/home/ana/.forward", ForwardPathExpander.Expand("$home/.forward", WithExtension, out used));
        Assert.False(used);
    }

    [Fact]
    public void A_reference_to_an_unset_name_skips_the_element()
    {
        Assert.Null(ForwardPathExpander.Expand("$home/.forward${recipient_delimiter}${extension}", WithoutExtension, out _));
    }

    [Fact]
    public void Conditional_forms_choose_by_presence()
    {
        Assert.Equal("/var/forward/ana-lists", ForwardPathExpander.Expand("/var/forward/${user}${extension?-$extension}", WithExtension, out _));
        Assert.Equal("/var/forward/ana", ForwardPathExpander.Expand("/var/forward/${user}${extension?-$extension}", WithoutExtension, out _));
        Assert.Equal("/x/none", ForwardPathExpander.Expand("/x/${extension:none}", WithoutExtension, out _));
    }
}
