namespace Istiod.Net.Xds.Validation;

internal enum FieldShape
{
    Singular,
    Repeated,
    Map,
}
