using Google.Protobuf;

namespace Istiod.Net.Xds.Validation;

/// <summary>Lets everything through: for benchmarks that measure generation without the rules check.</summary>
public sealed class DisabledRulesChecker : IProtoRulesChecker
{
    public static readonly DisabledRulesChecker Instance = new();

    public bool IsEnabled => false;

    public IReadOnlyList<RuleViolation> Check(IMessage message) => [];
}
