namespace Istiod.Net.Xds.Validation;

/// <summary>The compiled rules of one field for one present value (a scalar, string, bytes, enum, Duration...).</summary>
internal interface IValueRule
{
    void Check(object value, RuleWalk walk);
}
