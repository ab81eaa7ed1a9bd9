using Istiod.Net.Grpc;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcMessageEncodingTests
{
    [Test]
    public void Printable_ascii_is_sent_as_is()
    {
        Assert.That(GrpcMessageEncoding.Encode("Method '/a.B/C' is not implemented."), Is.EqualTo("Method '/a.B/C' is not implemented."));
    }

    [Test]
    public void Percent_newline_and_non_ascii_are_percent_encoded_as_utf8()
    {
        Assert.That(GrpcMessageEncoding.Encode("100%\nché"), Is.EqualTo("100%25%0Ach%C3%A9"));
    }

    [TestCase("plain")]
    [TestCase("50% off\r\n")]
    [TestCase("日本語 ✓")]
    public void Round_trips(string message)
    {
        Assert.That(GrpcMessageEncoding.Decode(GrpcMessageEncoding.Encode(message)), Is.EqualTo(message));
    }

    [Test]
    public void Invalid_escapes_are_kept_verbatim()
    {
        Assert.That(GrpcMessageEncoding.Decode("bad %G1 and %4"), Is.EqualTo("bad %G1 and %4"));
    }
}
