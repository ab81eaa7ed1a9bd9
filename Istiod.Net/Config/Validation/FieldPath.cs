using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Validation;

/// <summary>
/// Turns a FluentValidation property chain of CLR names (<c>Http[0].Route[1].Destination.Host</c>) into
/// the field path a user sees in their YAML (<c>spec.http[0].route[1].destination.host</c>), using the
/// records' <see cref="JsonPropertyNameAttribute"/>s so the two can never drift apart.
/// </summary>
public static class FieldPath
{
    private static readonly ConcurrentDictionary<(Type, string), string> Cache = new();

    public static string ToIstio(Type specType, string propertyPath, string prefix = "spec") =>
        Cache.GetOrAdd((specType, propertyPath), static (key, p) => Translate(key.Item1, key.Item2, p), prefix);

    private static string Translate(Type root, string path, string prefix)
    {
        var output = new StringBuilder(prefix);
        Type? current = root;
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                continue;
            }

            if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length - 1 : end;
                output.Append(path, i, end - i + 1);
                current = ElementType(current);
                i = end + 1;
                continue;
            }

            var stop = path.IndexOfAny(['.', '['], i);
            stop = stop < 0 ? path.Length : stop;
            var name = path[i..stop];
            var property = current is null ? null : FindProperty(current, name);
            var jsonName = property?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? name;
            if (output.Length > 0)
            {
                output.Append('.');
            }

            output.Append(jsonName);
            current = property is null ? null : Unwrap(property.PropertyType);
            i = stop;
        }

        return output.ToString();
    }

    private static PropertyInfo? FindProperty(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
        ?? type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == name);

    private static Type? ElementType(Type? type)
    {
        if (type is null || type == typeof(string))
        {
            return null;
        }

        var dictionary = FindGeneric(type, typeof(IReadOnlyDictionary<,>)) ?? FindGeneric(type, typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            return Unwrap(dictionary.GetGenericArguments()[1]);
        }

        var enumerable = FindGeneric(type, typeof(IEnumerable<>));
        return enumerable is null ? null : Unwrap(enumerable.GetGenericArguments()[0]);
    }

    private static Type? FindGeneric(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == definition);

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;
}
