using Istiod.Net.Config.Model;
using Istiod.Net.Config.Schema;
using Istiod.Net.Config.Validation.Networking;

namespace Istiod.Net.Tests.Config.Schema;

public sealed class ConfigSchemasTests
{
    [TestCase("VirtualService", "virtualservices", typeof(VirtualServiceSpec), typeof(VirtualServiceValidator))]
    [TestCase("DestinationRule", "destinationrules", typeof(DestinationRuleSpec), typeof(DestinationRuleValidator))]
    [TestCase("Gateway", "gateways", typeof(GatewaySpec), typeof(GatewayValidator))]
    [TestCase("ServiceEntry", "serviceentries", typeof(ServiceEntrySpec), typeof(ServiceEntryValidator))]
    [TestCase("Sidecar", "sidecars", typeof(SidecarSpec), typeof(SidecarValidator))]
    [TestCase("WorkloadEntry", "workloadentries", typeof(WorkloadEntrySpec), typeof(WorkloadEntryValidator))]
    public void EveryNetworkingKindIsInTheTable(string kind, string plural, Type specType, Type validatorType)
    {
        foreach (var version in new[] { "v1", "v1beta1", "v1alpha3" })
        {
            var row = ConfigSchemas.Istio.Find($"networking.istio.io/{version}", kind);
            Assert.That(row, Is.Not.Null, $"{kind} {version}");
            Assert.That(row!.Plural, Is.EqualTo(plural));
            Assert.That(row.SpecType, Is.EqualTo(specType));
            Assert.That(row.Validator, Is.TypeOf(validatorType));
        }

        Assert.That(ConfigSchemas.Istio.FindByKind(kind)!.Kind, Is.EqualTo(kind));
        Assert.That(ConfigSchemas.Istio.FindByPlural("networking.istio.io", plural)!.Kind, Is.EqualTo(kind));
    }

    [TestCase("networking.istio.io/v2", "VirtualService")]
    [TestCase("security.istio.io/v1", "VirtualService")]
    [TestCase("networking.istio.io", "VirtualService")]
    [TestCase("networking.istio.io/v1", "AuthorizationPolicy")]
    [TestCase("networking.istio.io/v1", "virtualservice")]
    public void UnknownApiVersionOrKindIsNotFound(string apiVersion, string kind) =>
        Assert.That(ConfigSchemas.Istio.Find(apiVersion, kind), Is.Null);

    [Test]
    public void ATableWithAKindTwiceIsRefused() =>
        Assert.Throws<ArgumentException>(() => _ = new ConfigSchemaSet([ConfigSchemas.Gateway, ConfigSchemas.Gateway]));

    [Test]
    public void AnotherTableCanBeBuiltFromRows()
    {
        var table = new ConfigSchemaSet([ConfigSchemas.Gateway]);

        Assert.That(table.Find("networking.istio.io/v1", "Gateway"), Is.SameAs(ConfigSchemas.Gateway));
        Assert.That(table.Find("networking.istio.io/v1", "VirtualService"), Is.Null);
    }
}
