using Google.Protobuf.Reflection;
using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Xds.Validation;

/// <summary>Every message type of the Envoy API compiles to a plan: no rule or pattern in the protos is one the checker cannot run.</summary>
public sealed class RulePlanCoverageTests
{
    [Test]
    public void Every_message_type_compiles()
    {
        var checker = new ProtoRulesChecker();
        var types = ProtoTypes.Files().SelectMany(f => f.MessageTypes).SelectMany(Nested).ToList();
        var failures = new List<string>();
        foreach (var type in types)
        {
            try
            {
                checker.Prepare(type);
            }
            catch (Exception e)
            {
                failures.Add($"{type.FullName}: {e.Message}");
            }
        }

        Assert.That(failures, Is.Empty);
        Assert.That(types, Has.Count.GreaterThan(1000), "the registry holds the whole Envoy API");
        Assert.That(ProtoTypes.Find("envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy"), Is.Not.Null);
        Assert.That(ProtoTypes.Find("google.protobuf.Duration"), Is.Not.Null);
    }

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor type) =>
        type.NestedTypes.SelectMany(Nested).Prepend(type);
}
