using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Xds.Validation;

/// <summary>RE2 semantics where .NET's differ.</summary>
public sealed class Re2PatternTests
{
    [TestCase(@"^[^?#]+[^?#/]$", "/api/v1", true)]
    [TestCase(@"^[^?#]+[^?#/]$", "/api/v1/", false)]
    [TestCase(@"^[^?#]+[^?#/]$", "/api/v1\n", true, Description = "a newline is not one of [?#/], and $ is the end of text")]
    [TestCase(@"^.*\.mmdb$", "city.mmdb\n", false, Description = "RE2's $ does not match before a final newline")]
    [TestCase(@"^\d+$", "١٢٣", false, Description = @"\d is ASCII only in RE2")]
    [TestCase(@"^\d+$", "123", true)]
    [TestCase(@"^[0-9a-zA-Z_\-\./~:]+$", "envoy.filters/x:y~z", true)]
    [TestCase(@"^[[:alpha:]]+$", "abc", true)]
    [TestCase(@"^[[:alpha:]]+$", "ab1", false)]
    [TestCase(@"^(?P<word>\w+)$", "héllo", false, Description = @"\w is ASCII only in RE2")]
    [TestCase(@"^\pL+$", "héllo", true)]
    [TestCase(@"^\Q.*\E$", ".*", true)]
    [TestCase(@"^\Q.*\E$", "ab", false)]
    [TestCase(@"^[]a]+$", "]a", true)]
    public void Matches_as_re2_does(string pattern, string input, bool expected)
    {
        Assert.That(Re2Pattern.Compile(pattern).IsMatch(input), Is.EqualTo(expected), Re2Pattern.Translate(pattern));
    }

    [TestCase(@"a\C")]
    [TestCase(@"[[:nope:]]")]
    [TestCase(@"[abc")]
    public void Constructs_without_a_dotnet_meaning_are_refused(string pattern)
    {
        Assert.That(() => Re2Pattern.Compile(pattern), Throws.ArgumentException);
    }
}
