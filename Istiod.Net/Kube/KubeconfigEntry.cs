using YamlDotNet.RepresentationModel;

namespace Istiod.Net.Kube;

/// <summary>One named cluster, context or user of a kubeconfig, with where it was found for messages.</summary>
internal sealed record KubeconfigEntry(string File, string FieldPath, YamlMappingNode Body)
{
    public string Where(string field) => $"kubeconfig {File}: {FieldPath}.{field}";

    public string? Scalar(string field)
    {
        if (!Body.Children.TryGetValue(new YamlScalarNode(field), out var node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return string.IsNullOrEmpty(scalar.Value) ? null : scalar.Value;
        }

        throw new KubeConfigException($"{Where(field)}: must be a string");
    }

    public bool Flag(string field)
    {
        var value = Scalar(field);
        return value switch
        {
            null => false,
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw new KubeConfigException($"{Where(field)}: '{value}' is not true or false"),
        };
    }

    public bool Has(string field) => Body.Children.ContainsKey(new YamlScalarNode(field));

    /// <summary>A path in the entry, relative to the kubeconfig file's folder as kubectl resolves it.</summary>
    public string? FilePathField(string field)
    {
        var value = Scalar(field);
        if (value is null)
        {
            return null;
        }

        var resolved = Path.IsPathRooted(value) ? value : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".", value);
        if (!System.IO.File.Exists(resolved))
        {
            throw new KubeConfigException($"{Where(field)}: file {resolved} does not exist");
        }

        return resolved;
    }

    /// <summary>The text of a "-data" field (base64) or of the file the plain field names.</summary>
    public string? DataOrFile(string field)
    {
        var data = Scalar(field + "-data");
        if (data is not null)
        {
            try
            {
                return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException)
            {
                throw new KubeConfigException($"{Where(field + "-data")}: not valid base64");
            }
        }

        var path = FilePathField(field);
        return path is null ? null : System.IO.File.ReadAllText(path);
    }

    /// <summary>Which of the field pair was set, for messages.</summary>
    public string DataOrFileName(string field) => Has(field + "-data") ? field + "-data" : field;
}
