using System.Collections.Concurrent;
using Google.Protobuf;
using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The real checker, remembering every violation it reports. The provider's gate hides rejected resources,
/// so a test that wants to see them has to look here.
/// </summary>
public sealed class RecordingRulesChecker : IProtoRulesChecker
{
    private readonly ProtoRulesChecker _inner = new();

    public ConcurrentQueue<string> Found { get; } = new();

    public int Checked => _checked;

    private int _checked;

    public bool IsEnabled => true;

    public IReadOnlyList<RuleViolation> Check(IMessage message)
    {
        Interlocked.Increment(ref _checked);
        var violations = _inner.Check(message);
        foreach (var violation in violations)
        {
            Found.Enqueue($"{message.Descriptor.Name} {Name(message)}: {violation}");
        }

        return violations;
    }

    private static string Name(IMessage message) =>
        message.Descriptor.FindFieldByName("name") is { FieldType: Google.Protobuf.Reflection.FieldType.String } field
            ? (string)field.Accessor.GetValue(message)
            : message.Descriptor.FindFieldByName("cluster_name") is { } cluster ? (string)cluster.Accessor.GetValue(message) : "";
}
