using Google.Protobuf.Reflection;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// What to do with one value: a singular field's, a list item's, a map key's or value's. Built once per
/// field; <see cref="Child"/> is filled in when the plans of a group of message types are linked.
/// </summary>
internal sealed class ValuePlan
{
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
        "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
        "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue",
    };

    public ValueKind Kind { get; private init; }

    public IValueRule? Rule { get; private init; }

    /// <summary>An absent value (null: unset message, wrapper, Duration or Any) is a violation.</summary>
    public bool Required { get; private init; }

    /// <summary><c>message.skip</c>: the value is not walked into.</summary>
    public bool Skip { get; private init; }

    /// <summary>The message type to walk into, for <see cref="ValueKind.Message"/>.</summary>
    public MessageDescriptor? MessageType { get; private init; }

    public MessagePlan? Child { get; set; }

    /// <summary>Whether the value can ever produce a violation, now that <see cref="Child"/> is linked.</summary>
    public bool IsTrivial => Rule is null && !Required && (Skip || Kind == ValueKind.Leaf || (Kind == ValueKind.Message && Child is not { IsRelevant: true }));

    /// <summary>Rules that hold without looking inside another message.</summary>
    public bool HasOwnRules => Rule is not null || Required || (Kind == ValueKind.Any && !Skip);

    public static ValuePlan For(FieldDescriptor field, FieldRules? rules)
    {
        var required = rules?.Message?.Required == true;
        var skip = rules?.Message?.Skip == true;
        if (field.FieldType != FieldType.Message)
        {
            return new ValuePlan { Kind = ValueKind.Leaf, Rule = ScalarRule(field, rules), Required = required };
        }

        var type = field.MessageType;
        switch (type.FullName)
        {
            case "google.protobuf.Any":
                return new ValuePlan
                {
                    Kind = ValueKind.Any,
                    Rule = rules?.TypeCase == FieldRules.TypeOneofCase.Any ? AnyRule.From(rules.Any) : null,
                    Required = required || (rules?.TypeCase == FieldRules.TypeOneofCase.Any && rules.Any.Required),
                    Skip = skip,
                };
            case "google.protobuf.Duration":
                var duration = rules?.TypeCase == FieldRules.TypeOneofCase.Duration ? rules.Duration : null;
                return new ValuePlan { Kind = ValueKind.Leaf, Rule = DurationRule.From(duration), Required = required || duration?.Required == true };
            case "google.protobuf.Timestamp":
                var timestamp = rules?.TypeCase == FieldRules.TypeOneofCase.Timestamp ? rules.Timestamp : null;
                return new ValuePlan
                {
                    Kind = ValueKind.Leaf,
                    Rule = timestamp is null ? null : TimestampRule.From(timestamp),
                    Required = required || timestamp?.Required == true,
                };
            case var name when Wrappers.Contains(name):
                // The generated property holds the wrapped value itself (uint?, string...), and so do the rules.
                return new ValuePlan { Kind = ValueKind.Leaf, Rule = ScalarRule(type.FindFieldByNumber(1), rules), Required = required };
            case var name when name.StartsWith("google.protobuf.", StringComparison.Ordinal):
                return new ValuePlan { Kind = ValueKind.Leaf, Required = required };
            default:
                return new ValuePlan { Kind = ValueKind.Message, MessageType = type, Required = required, Skip = skip };
        }
    }

    private static IValueRule? ScalarRule(FieldDescriptor field, FieldRules? rules) => rules?.TypeCase switch
    {
        null or FieldRules.TypeOneofCase.None => null,
        FieldRules.TypeOneofCase.String => StringRule.From(rules.String),
        FieldRules.TypeOneofCase.Bytes => BytesRule.From(rules.Bytes),
        FieldRules.TypeOneofCase.Bool => rules.Bool.HasConst ? new BoolRule(rules.Bool.Const) : null,
        FieldRules.TypeOneofCase.Enum when field.FieldType == FieldType.Enum => EnumRule.From(field.EnumType, rules.Enum),
        _ => NumberRules.From(rules),
    };
}
