using System.Numerics;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>Compiles the twelve numeric rule messages of validate.proto into <see cref="NumberRule{T}"/>s.</summary>
internal static class NumberRules
{
    /// <summary>The rule for a numeric case of <paramref name="rules"/>; null for other cases or when it sets nothing.</summary>
    public static IValueRule? From(FieldRules rules) => rules.TypeCase switch
    {
        FieldRules.TypeOneofCase.Float => Of(rules.Float),
        FieldRules.TypeOneofCase.Double => Of(rules.Double),
        FieldRules.TypeOneofCase.Int32 => Of(rules.Int32),
        FieldRules.TypeOneofCase.Sint32 => Of(rules.Sint32),
        FieldRules.TypeOneofCase.Sfixed32 => Of(rules.Sfixed32),
        FieldRules.TypeOneofCase.Int64 => Of(rules.Int64),
        FieldRules.TypeOneofCase.Sint64 => Of(rules.Sint64),
        FieldRules.TypeOneofCase.Sfixed64 => Of(rules.Sfixed64),
        FieldRules.TypeOneofCase.Uint32 => Of(rules.Uint32),
        FieldRules.TypeOneofCase.Fixed32 => Of(rules.Fixed32),
        FieldRules.TypeOneofCase.Uint64 => Of(rules.Uint64),
        FieldRules.TypeOneofCase.Fixed64 => Of(rules.Fixed64),
        _ => null,
    };

    private static IValueRule? Of(FloatRules r) =>
        Make<float>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(DoubleRules r) =>
        Make<double>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(Int32Rules r) =>
        Make<int>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(SInt32Rules r) =>
        Make<int>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(SFixed32Rules r) =>
        Make<int>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(Int64Rules r) =>
        Make<long>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(SInt64Rules r) =>
        Make<long>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(SFixed64Rules r) =>
        Make<long>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(UInt32Rules r) =>
        Make<uint>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(Fixed32Rules r) =>
        Make<uint>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(UInt64Rules r) =>
        Make<ulong>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static IValueRule? Of(Fixed64Rules r) =>
        Make<ulong>(r.HasConst ? r.Const : null, r.HasLt ? r.Lt : null, r.HasLte ? r.Lte : null, r.HasGt ? r.Gt : null, r.HasGte ? r.Gte : null, r.In, r.NotIn);

    private static NumberRule<T>? Make<T>(T? constValue, T? lt, T? lte, T? gt, T? gte, IEnumerable<T> inValues, IEnumerable<T> notIn)
        where T : struct, INumber<T>
    {
        var rule = new NumberRule<T>(constValue, lt, lte, gt, gte, inValues, notIn);
        return rule.IsEmpty ? null : rule;
    }
}
