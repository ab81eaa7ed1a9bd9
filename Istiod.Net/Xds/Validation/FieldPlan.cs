using Google.Protobuf.Reflection;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>The compiled rules of one field and how to reach its values.</summary>
internal sealed class FieldPlan
{
    private FieldPlan(FieldDescriptor field, FieldShape shape)
    {
        Field = field;
        Accessor = field.Accessor;
        Segment = PathSegment.Field(field.Name);
        Shape = shape;
        // A oneof member (or a proto3 optional scalar) is checked only when set: that is how protoc-gen-validate reads rules on it.
        PresenceOnly = field.ContainingOneof is not null;
    }

    public FieldDescriptor Field { get; }

    public IFieldAccessor Accessor { get; }

    public PathSegment Segment { get; }

    public FieldShape Shape { get; }

    public bool PresenceOnly { get; }

    /// <summary>The singular value, the list items, or the map values.</summary>
    public required ValuePlan Value { get; init; }

    /// <summary>Map keys only.</summary>
    public ValuePlan? Keys { get; init; }

    public ulong? MinCount { get; init; }

    public ulong? MaxCount { get; init; }

    /// <summary><c>repeated.unique</c>.</summary>
    public bool Unique { get; init; }

    /// <summary>Whether checking this field can ever find something, once child plans are linked.</summary>
    public bool IsRelevant =>
        MinCount is not null || MaxCount is not null || Unique || !Value.IsTrivial || Keys is { IsTrivial: false };

    /// <summary>Violations this field can produce without walking into other message types.</summary>
    public bool HasOwnRules =>
        MinCount is not null || MaxCount is not null || Unique || Value.HasOwnRules || Keys?.HasOwnRules == true;

    public static FieldPlan For(FieldDescriptor field, FieldRules? rules)
    {
        if (field.IsMap)
        {
            var map = rules?.TypeCase == FieldRules.TypeOneofCase.Map ? rules.Map : null;
            var entry = field.MessageType;
            return new FieldPlan(field, FieldShape.Map)
            {
                Keys = ValuePlan.For(entry.FindFieldByNumber(1), map?.Keys),
                Value = ValuePlan.For(entry.FindFieldByNumber(2), map?.Values),
                MinCount = map is { HasMinPairs: true } ? map.MinPairs : null,
                MaxCount = map is { HasMaxPairs: true } ? map.MaxPairs : null,
            };
        }

        if (field.IsRepeated)
        {
            var repeated = rules?.TypeCase == FieldRules.TypeOneofCase.Repeated ? rules.Repeated : null;
            return new FieldPlan(field, FieldShape.Repeated)
            {
                Value = ValuePlan.For(field, repeated?.Items),
                MinCount = repeated is { HasMinItems: true } ? repeated.MinItems : null,
                MaxCount = repeated is { HasMaxItems: true } ? repeated.MaxItems : null,
                Unique = repeated?.Unique == true,
            };
        }

        return new FieldPlan(field, FieldShape.Singular) { Value = ValuePlan.For(field, rules) };
    }
}
