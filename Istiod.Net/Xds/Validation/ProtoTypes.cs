using System.Reflection;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// Every message type the Envoy API assembly and the protobuf well-known types define, by full proto name:
/// what an <c>Any</c> may carry. Built once, on first use, from every generated file descriptor, because an
/// Any of a type missing here is one Envoy would refuse too.
/// </summary>
public static class ProtoTypes
{
    private static readonly Lazy<TypeRegistry> LazyRegistry = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A registry for <see cref="Google.Protobuf.JsonFormatter"/> and <see cref="Google.Protobuf.JsonParser"/> that knows every type.</summary>
    public static TypeRegistry Registry => LazyRegistry.Value;

    /// <summary>The descriptor of <paramref name="fullName"/> (e.g. <c>envoy.config.cluster.v3.Cluster</c>), or null.</summary>
    public static MessageDescriptor? Find(string fullName) => Registry.Find(fullName);

    /// <summary>Every file descriptor the generated code of the two assemblies declares.</summary>
    public static IReadOnlyList<FileDescriptor> Files() =>
        [.. new[] { typeof(Envoy.Config.Bootstrap.V3.Bootstrap).Assembly, typeof(Any).Assembly }
            .SelectMany(SafeTypes)
            .Where(t => t is { IsClass: true, IsAbstract: true, IsSealed: true } && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Distinct()];

    private static TypeRegistry Build() => TypeRegistry.FromFiles([.. Files()]);

    private static IEnumerable<System.Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<System.Type>();
        }
    }
}
