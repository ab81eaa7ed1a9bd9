using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcServiceRegistryTests
{
    private static readonly Func<StringValue, GrpcCallContext, Task<StringValue>> Echo = (r, _) => Task.FromResult(r);

    [Test]
    public void Registered_methods_are_listed()
    {
        var registry = new GrpcServiceRegistry();
        registry.AddUnary("/a.B/C", StringValue.Parser, Echo)
            .AddDuplexStreaming<StringValue, StringValue>("/a.B/D", StringValue.Parser, (_, _, _) => Task.CompletedTask);

        Assert.That(registry.Methods, Is.EquivalentTo(new[] { "/a.B/C", "/a.B/D" }));
    }

    [Test]
    public void Registering_a_method_twice_is_an_error()
    {
        var registry = new GrpcServiceRegistry();
        registry.AddUnary("/a.B/C", StringValue.Parser, Echo);

        var ex = Assert.Throws<InvalidOperationException>(() => registry.AddUnary("/a.B/C", StringValue.Parser, Echo));

        Assert.That(ex!.Message, Does.Contain("/a.B/C"));
    }

    [TestCase("")]
    [TestCase("a.B/C")]
    [TestCase("/a.B")]
    [TestCase("/a.B/")]
    [TestCase("//C")]
    [TestCase("/a.B/C/D")]
    public void Method_paths_must_be_service_and_method(string path)
    {
        var registry = new GrpcServiceRegistry();

        var ex = Assert.Throws<ArgumentException>(() => registry.AddUnary(path, StringValue.Parser, Echo));

        Assert.That(ex!.Message, Does.Contain("/package.Service/Method"));
    }

    [Test]
    public void Served_paths_are_the_generated_service_descriptors()
    {
        // ads.proto and ca.proto are compiled with GrpcServices="Both": the paths we register must be theirs.
        var ads = Envoy.Service.Discovery.V3.AggregatedDiscoveryService.Descriptor;
        var ca = Istio.V1.Auth.IstioCertificateService.Descriptor;

        Assert.That($"/{ads.FullName}/{ads.FindMethodByName("StreamAggregatedResources").Name}", Is.EqualTo(Istiod.Net.Xds.Protocol.AdsService.StreamMethod));
        Assert.That($"/{ads.FullName}/{ads.FindMethodByName("DeltaAggregatedResources").Name}", Is.EqualTo(Istiod.Net.Xds.Protocol.AdsService.DeltaMethod));
        Assert.That($"/{ca.FullName}/{ca.FindMethodByName("CreateCertificate").Name}", Is.EqualTo(Istiod.Net.Security.CaApi.IstioCertificateService.CreateCertificateMethod));
    }
}
