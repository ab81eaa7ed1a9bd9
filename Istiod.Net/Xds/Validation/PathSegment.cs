namespace Istiod.Net.Xds.Validation;

/// <summary>One step of a field path: a field name, a list index, a map key or the type inside an Any.</summary>
internal readonly record struct PathSegment(PathSegmentKind Kind, string? Text, int Index)
{
    public static PathSegment Field(string name) => new(PathSegmentKind.Field, name, -1);

    public static PathSegment Item(int index) => new(PathSegmentKind.Index, null, index);

    public static PathSegment Key(string rendered) => new(PathSegmentKind.Key, rendered, -1);

    public static PathSegment AnyType(string typeName) => new(PathSegmentKind.AnyType, typeName, -1);
}
