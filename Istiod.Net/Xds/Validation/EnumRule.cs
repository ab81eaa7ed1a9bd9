using System.Globalization;
using Google.Protobuf.Reflection;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>const, defined_only, in and not_in on the number of an enum value.</summary>
internal sealed class EnumRule : IValueRule
{
    private readonly EnumDescriptor _type;
    private readonly bool _definedOnly;
    private readonly NumberRule<int>? _numbers;

    private EnumRule(EnumDescriptor type, EnumRules rules)
    {
        _type = type;
        _definedOnly = rules.DefinedOnly;
        var numbers = new NumberRule<int>(rules.HasConst ? rules.Const : null, null, null, null, null, rules.In, rules.NotIn, Name);
        _numbers = numbers.IsEmpty ? null : numbers;
    }

    public static EnumRule? From(EnumDescriptor type, EnumRules rules) =>
        rules.DefinedOnly || rules.HasConst || rules.In.Count > 0 || rules.NotIn.Count > 0 ? new EnumRule(type, rules) : null;

    public void Check(object value, RuleWalk walk)
    {
        var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        if (_definedOnly && _type.FindValueByNumber(number) is null)
        {
            walk.Report($"value must be one of the defined values of {_type.FullName}");
        }

        _numbers?.Check(number, walk);
    }

    private string Name(int number) =>
        _type.FindValueByNumber(number) is { } known ? $"{known.Name} ({number})" : number.ToString(CultureInfo.InvariantCulture);
}
