namespace Istiod.Net.Xds.Validation;

/// <summary><c>bool.const</c>: the field must hold exactly this value.</summary>
internal sealed class BoolRule(bool expected) : IValueRule
{
    public void Check(object value, RuleWalk walk)
    {
        if ((bool)value != expected)
        {
            walk.Report($"value must equal {(expected ? "true" : "false")}");
        }
    }
}
