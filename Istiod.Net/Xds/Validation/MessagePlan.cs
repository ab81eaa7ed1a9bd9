using Google.Protobuf.Reflection;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// The checks of one message type, computed once: only fields that carry rules or lead to messages that do.
/// A type that can never produce a violation is not relevant and never walked.
/// </summary>
internal sealed class MessagePlan(MessageDescriptor descriptor, bool isRelevant)
{
    public MessageDescriptor Descriptor { get; } = descriptor;

    public bool IsRelevant { get; } = isRelevant;

    public FieldPlan[] Fields { get; set; } = [];

    /// <summary>Oneofs marked <c>(validate.required)</c>: one member must be set.</summary>
    public OneofDescriptor[] RequiredOneofs { get; set; } = [];

    public override string ToString() => $"{Descriptor.FullName} ({Fields.Length} fields, {RequiredOneofs.Length} required oneofs)";
}
