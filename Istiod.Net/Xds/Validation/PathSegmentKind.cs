namespace Istiod.Net.Xds.Validation;

internal enum PathSegmentKind
{
    Field,
    Index,
    Key,
    AnyType,
}
