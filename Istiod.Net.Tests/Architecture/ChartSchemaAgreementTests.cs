using System.Text.RegularExpressions;
using Istiod.Net.Config.Schema;
using Istiod.Net.Tests.Infrastructure;
using YamlDotNet.Serialization;

namespace Istiod.Net.Tests.Architecture;

/// <summary>
/// The Helm chart and the schema table must agree: every kind the control plane reads from Kubernetes
/// needs a CRD (or the watch finds nothing to read), a ClusterRole rule (or the list is forbidden) and a
/// validating-webhook rule (or invalid objects get in unchecked); and the chart must not install a CRD
/// nobody reads. The chart files are read as text, with the Helm actions blanked, so no Helm binary is needed.
/// </summary>
public sealed partial class ChartSchemaAgreementTests
{
    private static string Templates => Path.Combine(RepositoryPaths.Root, "charts", "istiod-net", "templates");

    [Test]
    public void Every_schema_kind_has_a_chart_crd_with_the_same_names_versions_and_scope()
    {
        var crds = ChartCrds();
        var problems = new List<string>();
        foreach (var row in ConfigSchemas.Istio.All)
        {
            var crd = crds.FirstOrDefault(c => Str(c, "kind") == row.Kind);
            if (crd is null)
            {
                problems.Add($"{row.Group}/{row.Kind}: no CRD in _crds.tpl");
                continue;
            }

            if (Str(crd, "group") != row.Group || Str(crd, "plural") != row.Plural)
            {
                problems.Add($"{row.Kind}: chart says {Str(crd, "plural")}.{Str(crd, "group")}, table says {row.Plural}.{row.Group}");
            }

            var versions = List(crd, "versions");
            if (!versions.ToHashSet().SetEquals(row.Versions))
            {
                problems.Add($"{row.Kind}: chart serves [{string.Join(", ", versions)}], table accepts [{string.Join(", ", row.Versions)}]");
            }

            if (!versions.Contains(Str(crd, "storage") ?? ""))
            {
                problems.Add($"{row.Kind}: storage version {Str(crd, "storage")} is not served");
            }

            var scope = Str(crd, "scope") ?? "Namespaced";
            if (scope != (row.ClusterScoped ? "Cluster" : "Namespaced"))
            {
                problems.Add($"{row.Kind}: chart scope {scope}, table ClusterScoped={row.ClusterScoped}");
            }
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void The_chart_installs_no_crd_the_table_does_not_know()
    {
        var unknown = ChartCrds()
            .Where(c => ConfigSchemas.Istio.FindByPlural(Str(c, "group")!, Str(c, "plural")!) is null)
            .Select(c => $"{Str(c, "plural")}.{Str(c, "group")}")
            .ToList();

        Assert.That(unknown, Is.Empty);
    }

    [Test]
    public void The_crd_template_takes_its_scope_from_the_kind_list()
    {
        // The list's scope field only matters if crds.yaml uses it rather than a fixed "Namespaced".
        var template = File.ReadAllText(Path.Combine(Templates, "crds.yaml"));
        Assert.That(template, Does.Match(@"scope:\s*\{\{[^}]*\$crd\.scope"));
    }

    [Test]
    public void The_cluster_role_lets_the_control_plane_read_every_schema_kind()
    {
        var role = Template("clusterrole.yaml");
        var rules = Maps(role["rules"]);
        var missing = ConfigSchemas.Istio.All
            .Where(row => !rules.Any(r =>
                Covers(List(r, "apiGroups"), row.Group)
                && Covers(List(r, "resources"), row.Plural)
                && new[] { "get", "list", "watch" }.All(v => Covers(List(r, "verbs"), v))))
            .Select(row => $"{row.Plural}.{row.Group}")
            .ToList();

        Assert.That(missing, Is.Empty, "clusterrole.yaml does not grant get/list/watch on these");
    }

    [Test]
    public void The_validating_webhook_sees_creates_and_updates_of_every_schema_kind()
    {
        var webhooks = Maps(Template("validatingwebhookconfiguration.yaml")["webhooks"]);
        var rules = webhooks.SelectMany(w => Maps(w["rules"])).ToList();
        var missing = new List<string>();
        foreach (var row in ConfigSchemas.Istio.All)
        {
            var scope = row.ClusterScoped ? "Cluster" : "Namespaced";
            foreach (var version in row.Versions)
            {
                var covered = rules.Any(r =>
                    Covers(List(r, "apiGroups"), row.Group)
                    && Covers(List(r, "apiVersions"), version)
                    && Covers(List(r, "resources"), row.Plural)
                    && Covers(List(r, "operations"), "CREATE")
                    && Covers(List(r, "operations"), "UPDATE")
                    && (Str(r, "scope") is null or "*" || Str(r, "scope") == scope));
                if (!covered)
                {
                    missing.Add($"{row.Group}/{version} {row.Plural}");
                }
            }
        }

        Assert.That(missing, Is.Empty, "validatingwebhookconfiguration.yaml has no rule for these");
    }

    /// <summary>The kind list in _crds.tpl: the body of the istiod-net.crdKinds define, which is plain YAML.</summary>
    private static List<Dictionary<object, object>> ChartCrds()
    {
        var text = File.ReadAllText(Path.Combine(Templates, "_crds.tpl"));
        var body = CrdKindsDefine().Match(text);
        Assert.That(body.Success, Is.True, "_crds.tpl has no istiod-net.crdKinds define");
        var doc = (Dictionary<object, object>)new Deserializer().Deserialize<object>(body.Groups["body"].Value)!;
        return Maps(doc["kinds"]);
    }

    /// <summary>A template as YAML: lines that are only a Helm action go, inline actions become a placeholder.</summary>
    private static Dictionary<object, object> Template(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Templates, file))
            .Where(l => !ActionOnlyLine().IsMatch(l))
            .Select(l => InlineAction().Replace(l, "helm"));
        return (Dictionary<object, object>)new Deserializer().Deserialize<object>(string.Join('\n', lines))!;
    }

    private static bool Covers(List<string> values, string wanted) => values.Contains("*") || values.Contains(wanted);

    private static string? Str(Dictionary<object, object> map, string key) => map.TryGetValue(key, out var v) ? v as string : null;

    private static List<string> List(Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var v) && v is List<object> items ? items.Select(i => (string)i).ToList() : [];

    private static List<Dictionary<object, object>> Maps(object? node) =>
        node is List<object> items ? items.Cast<Dictionary<object, object>>().ToList() : [];

    [GeneratedRegex(@"define ""istiod-net\.crdKinds"" -\}\}(?<body>.*?)\{\{-? ?end", RegexOptions.Singleline)]
    private static partial Regex CrdKindsDefine();

    [GeneratedRegex(@"^\s*\{\{.*\}\}\s*$")]
    private static partial Regex ActionOnlyLine();

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex InlineAction();
}
