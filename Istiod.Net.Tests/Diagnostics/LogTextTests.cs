using Istiod.Net.Diagnostics;

namespace Istiod.Net.Tests.Diagnostics;

/// <summary>The one helper every log call site passes client text through (issue 13, finding 7).</summary>
public sealed class LogTextTests
{
    [Test]
    public void Short_clean_text_is_returned_as_it_is()
    {
        const string text = "sidecar~10.0.0.1~app-1.default~default.svc.cluster.local";
        Assert.That(LogText.Client(text), Is.SameAs(text));
    }

    [Test]
    public void Line_breaks_and_control_characters_are_escaped()
    {
        Assert.That(LogText.Client("a\nb\rc\td\\e\u0000f\u001b[31mg\u007f"), Is.EqualTo("a\\nb\\rc\\td\\\\e\\u0000f\\u001b[31mg\\u007f"));
    }

    [Test]
    public void Separators_bidi_overrides_and_invisible_characters_are_escaped()
    {
        Assert.That(LogText.Client("a\u2028b\u2029c\u202ed\u2066e\u200bf\ufeff"), Is.EqualTo("a\\u2028b\\u2029c\\u202ed\\u2066e\\u200bf\\ufeff"));
    }

    [Test]
    public void Long_text_is_cut_with_the_count_of_what_was_left_out()
    {
        var cut = LogText.Client(new string('x', 1000));
        Assert.That(cut, Is.EqualTo(new string('x', 256) + "…(744 more)"));
        Assert.That(LogText.Client(new string('x', 20), maxLength: 10), Is.EqualTo("xxxxxxxxxx…(10 more)"));
    }

    [Test]
    public void Escapes_count_towards_the_cap_and_are_never_split()
    {
        var cut = LogText.Client(new string('\n', 200));
        Assert.That(cut, Is.EqualTo(string.Concat(Enumerable.Repeat("\\n", 128)) + "…(72 more)"));
    }

    [Test]
    public void A_surrogate_pair_is_kept_whole_and_a_lone_surrogate_is_escaped()
    {
        Assert.That(LogText.Client("é😀"), Is.EqualTo("é😀"));
        Assert.That(LogText.Client("a😀", maxLength: 2), Is.EqualTo("a…(2 more)"));
        Assert.That(LogText.Client("a\ud800b"), Is.EqualTo("a\\ud800b"));
    }

    [Test]
    public void Null_is_shown_as_none() => Assert.That(LogText.Client(null), Is.EqualTo("(none)"));
}
