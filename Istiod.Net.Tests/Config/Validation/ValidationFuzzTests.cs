using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Istiod.Net.Admission;
using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Tests.Config.Validation;

/// <summary>
/// Thousands of mutated documents (seeded, so a failure reproduces) through parsing, validation and the
/// admission handler: nothing throws, and every document is either accepted cleanly or rejected with
/// errors that each name a field path or the document as a whole.
/// </summary>
public sealed partial class ValidationFuzzTests
{
    private static readonly string[] Seeds =
    [
        """{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"vs","namespace":"ns"},"spec":{"hosts":["a.example.com"],"gateways":["mesh"],"http":[{"match":[{"uri":{"prefix":"/a"},"headers":{"x":{"regex":"a.*"}}}],"route":[{"destination":{"host":"a","subset":"v1","port":{"number":80}},"weight":90},{"destination":{"host":"b"},"weight":10}],"timeout":"5s","retries":{"attempts":3,"perTryTimeout":"1s"},"fault":{"delay":{"fixedDelay":"1s","percentage":{"value":10}}}}],"tcp":[{"route":[{"destination":{"host":"c"}}]}]}}""",
        """{"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"dr","namespace":"ns"},"spec":{"host":"a","trafficPolicy":{"loadBalancer":{"simple":"ROUND_ROBIN"},"connectionPool":{"tcp":{"maxConnections":10}},"outlierDetection":{"consecutive5xxErrors":3,"interval":"10s"},"tls":{"mode":"ISTIO_MUTUAL"}},"subsets":[{"name":"v1","labels":{"version":"v1"}}]}}""",
        """{"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"gw","namespace":"ns"},"spec":{"selector":{"istio":"ingress"},"servers":[{"port":{"number":443,"name":"https","protocol":"HTTPS"},"hosts":["*.example.com"],"tls":{"mode":"SIMPLE","credentialName":"cert"}}]}}""",
        """{"apiVersion":"networking.istio.io/v1","kind":"ServiceEntry","metadata":{"name":"se","namespace":"ns"},"spec":{"hosts":["api.example.com"],"ports":[{"number":443,"name":"tls","protocol":"TLS"}],"resolution":"DNS","location":"MESH_EXTERNAL","endpoints":[{"address":"1.2.3.4","labels":{"a":"b"}}]}}""",
        """{"apiVersion":"networking.istio.io/v1","kind":"WorkloadGroup","metadata":{"name":"wg","namespace":"ns"},"spec":{"template":{"serviceAccount":"sa","ports":{"http":80}},"probe":{"httpGet":{"port":80,"httpHeaders":[{"name":"x","value":"y"}]}}}}""",
        """{"apiVersion":"security.istio.io/v1","kind":"AuthorizationPolicy","metadata":{"name":"ap","namespace":"ns"},"spec":{"selector":{"matchLabels":{"app":"a"}},"action":"ALLOW","rules":[{"from":[{"source":{"principals":["a*"],"ipBlocks":["10.0.0.0/8"]}}],"to":[{"operation":{"ports":["80"],"methods":["GET"]}}],"when":[{"key":"source.ip","values":["1.2.3.4"]}]}]}}""",
        """{"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"pa","namespace":"ns"},"spec":{"selector":{"matchLabels":{"app":"a"}},"mtls":{"mode":"STRICT"},"portLevelMtls":{"80":{"mode":"DISABLE"}}}}""",
        """{"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"ra","namespace":"ns"},"spec":{"jwtRules":[{"issuer":"i","jwksUri":"https://x/jwks","fromHeaders":[{"name":"h"}],"outputClaimToHeaders":[{"header":"h","claim":"c"}]}]}}""",
        """{"apiVersion":"telemetry.istio.io/v1","kind":"Telemetry","metadata":{"name":"t","namespace":"ns"},"spec":{"metrics":[{"providers":[{"name":"p"}],"overrides":[{"match":{"metric":"REQUEST_COUNT"},"tagOverrides":{"a":{"value":"b"}}}]}],"tracing":[{"randomSamplingPercentage":5}]}}""",
    ];

    private static readonly JsonNode?[] Garbage =
    [
        null, JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(70000), JsonValue.Create(1.5), JsonValue.Create(true),
        JsonValue.Create(""), JsonValue.Create("*"), JsonValue.Create("??(("), JsonValue.Create("-5s"), JsonValue.Create("1.2.3.4/77"),
        JsonValue.Create(long.MaxValue), JsonValue.Create(new string('x', 300)), JsonValue.Create("\u0000\uFFFD"),
    ];

    [Test]
    public void Mutated_documents_never_throw_and_every_error_has_a_path()
    {
        var random = new Random(20261121);
        var parser = new ConfigParser();
        var handler = new AdmissionReviewHandler(parser);
        var accepted = 0;
        var rejected = 0;
        for (var i = 0; i < 4000; i++)
        {
            var doc = JsonNode.Parse(Seeds[random.Next(Seeds.Length)])!;
            var mutations = 1 + random.Next(4);
            for (var m = 0; m < mutations; m++)
            {
                doc = Mutate(doc, random);
            }

            var json = doc?.ToJsonString() ?? "null";
            var text = random.Next(5) == 0 ? TextMutation(json, random) : json;
            IReadOnlyList<ParseResult> results = null!;
            results = NoThrow(() => parser.ParseText(text, "fuzz.json"), i, text);
            foreach (var result in results)
            {
                CheckResult(result, i, text);
                if (result.Outcome == ParseOutcome.Accepted)
                {
                    accepted++;
                }
                else
                {
                    rejected++;
                }
            }

            var review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u" + i
                + "\",\"operation\":\"CREATE\",\"object\":" + json + "}}";
            NoThrow(() => handler.Handle(Encoding.UTF8.GetBytes(review)), i, review);
        }

        // Both outcomes must be exercised, or the mutations are too weak (or too strong) to test anything.
        Assert.That(accepted, Is.GreaterThan(100));
        Assert.That(rejected, Is.GreaterThan(1000));
    }

    [Test]
    public void Duplicate_keys_and_deep_nesting_in_yaml_are_errors_not_crashes()
    {
        var parser = new ConfigParser();
        var deep = new StringBuilder("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x}\nspec:\n  hosts: ");
        deep.Append(new string('[', 5000)).Append(new string(']', 5000)).Append('\n');
        var duplicate = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x}\nspec:\n  hosts: [a]\n  hosts: [b]\n";
        foreach (var text in new[] { deep.ToString(), duplicate })
        {
            IReadOnlyList<ParseResult> results = null!;
            Assert.DoesNotThrow(() => results = parser.ParseYaml(text, "fuzz.yaml"));
            Assert.That(results, Has.Count.GreaterThan(0));
            Assert.That(results.All(r => r.Outcome != ParseOutcome.Accepted), Is.True, () => string.Join("; ", results.SelectMany(r => r.Errors)));
            foreach (var result in results)
            {
                CheckResult(result, 0, text);
            }
        }
    }

    private static T NoThrow<T>(Func<T> action, int index, string input)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            Assert.Fail($"case {index} threw {e.GetType().Name}: {e.Message}\ninput: {input}");
            throw;
        }
    }

    private static void CheckResult(ParseResult result, int index, string text)
    {
        if (result.Outcome == ParseOutcome.Accepted)
        {
            Assert.That(result.Errors, Is.Empty, () => $"case {index}: accepted with errors: {text}");
            return;
        }

        if (result.Outcome == ParseOutcome.Skipped)
        {
            return;
        }

        Assert.That(result.Errors, Is.Not.Empty, () => $"case {index}: {result.Outcome} without errors: {text}");
        foreach (var error in result.Errors)
        {
            Assert.That(error.Message, Is.Not.Empty, () => $"case {index}: empty message at {error.Path}");
            Assert.That(error.Path.Length == 0 || FieldPathShape().IsMatch(error.Path), Is.True,
                () => $"case {index}: \"{error.Path}\" is not a field path ({error.Message})");
        }
    }

    private static JsonNode? Mutate(JsonNode? root, Random random)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        if (containers.Count == 0)
        {
            return Garbage[random.Next(Garbage.Length)]?.DeepClone();
        }

        var target = containers[random.Next(containers.Count)];
        switch (target)
        {
            case JsonObject obj when obj.Count > 0:
                var key = obj.ElementAt(random.Next(obj.Count)).Key;
                switch (random.Next(5))
                {
                    case 0: obj.Remove(key); break;
                    case 1: obj[key] = Garbage[random.Next(Garbage.Length)]?.DeepClone(); break;
                    case 2: obj[key] = new JsonArray(obj[key]?.DeepClone()); break;
                    case 3: obj["zz" + random.Next(100)] = JsonValue.Create("junk"); break;
                    default: obj[key] = Nest(obj[key]?.DeepClone(), random.Next(1, 60)); break;
                }

                break;
            case JsonArray array when array.Count > 0:
                var at = random.Next(array.Count);
                switch (random.Next(3))
                {
                    case 0: array.RemoveAt(at); break;
                    case 1: array[at] = Garbage[random.Next(Garbage.Length)]?.DeepClone(); break;
                    default: array.Add(array[at]?.DeepClone()); break;
                }

                break;
        }

        return root;
    }

    private static JsonNode Nest(JsonNode? value, int depth)
    {
        var node = value;
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["n"] = node };
        }

        return node ?? new JsonObject();
    }

    /// <summary>Breaks the text itself: truncation or a stray character, the way a bad editor save does.</summary>
    private static string TextMutation(string text, Random random)
    {
        var at = random.Next(text.Length);
        return random.Next(2) == 0 ? text[..at] : text.Insert(at, "\"{[:,"[random.Next(5)].ToString());
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        switch (node)
        {
            case JsonObject obj:
                into.Add(obj);
                foreach (var (_, child) in obj)
                {
                    Collect(child, into);
                }

                break;
            case JsonArray array:
                into.Add(array);
                foreach (var child in array)
                {
                    Collect(child, into);
                }

                break;
        }
    }

    [GeneratedRegex(@"^[A-Za-z_$][\w$]*(\.[\w$-]+|\[[^\]]*\])*", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPathShape();
}
