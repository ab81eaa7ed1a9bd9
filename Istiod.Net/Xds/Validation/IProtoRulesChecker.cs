using Google.Protobuf;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// Checks a message against the protoc-gen-validate rules its descriptors declare, the rules Envoy applies
/// when it loads configuration. Implementations are thread-safe.
/// </summary>
public interface IProtoRulesChecker
{
    /// <summary>Whether <see cref="Check"/> does anything; a disabled checker lets every message through.</summary>
    bool IsEnabled { get; }

    /// <summary>Every violation found in <paramref name="message"/> and the messages inside it (up to a cap); empty when it passes.</summary>
    IReadOnlyList<RuleViolation> Check(IMessage message);
}
