using YamlDotNet.RepresentationModel;

namespace Istiod.Net.Kube;

/// <summary>
/// The <c>tokenFile</c> of a kubeconfig user, which kubectl honours but the library's model does not carry: read
/// from the raw YAML and resolved against the kubeconfig's folder, as kubectl resolves it.
/// </summary>
internal static class KubeconfigTokenFile
{
    public static string? Find(string kubeconfigPath, string userName)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(kubeconfigPath)))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count == 0
            || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("users"), out var users)
            || users is not YamlSequenceNode list)
        {
            return null;
        }

        foreach (var item in list.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(item, "name") == userName
                && item.Children.TryGetValue(new YamlScalarNode("user"), out var body)
                && body is YamlMappingNode user
                && Scalar(user, "tokenFile") is { Length: > 0 } tokenFile)
            {
                return Path.IsPathRooted(tokenFile)
                    ? tokenFile
                    : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(kubeconfigPath)) ?? ".", tokenFile);
            }
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
