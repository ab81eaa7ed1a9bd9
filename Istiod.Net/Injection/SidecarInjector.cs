using System.Text.Json.Nodes;
using Istiod.Net.Xds.Bootstrap;

namespace Istiod.Net.Injection;

/// <summary>
/// Adds the stock-Envoy sidecar to a pod (or a workload's pod template: anything with <c>metadata</c> and
/// <c>spec</c>). Pure: the input is copied, never changed, so the webhook can diff before and after.
/// </summary>
public sealed class SidecarInjector(SidecarInjectionOptions options)
{
    private const string RootCertDir = "/var/run/secrets/istio";
    private const string TokenDir = "/var/run/secrets/tokens";

    public SidecarInjectionOptions Options { get; } = options;

    /// <summary>The pod with the sidecar when policy asks for one; <see cref="SidecarInjectionException"/> for unusable annotations.</summary>
    public SidecarInjectionResult Inject(JsonObject pod, string podNamespace, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        var copy = pod.DeepClone().AsObject();
        var metadata = copy["metadata"] as JsonObject;
        var labels = metadata?["labels"] as JsonObject;
        var annotations = metadata?["annotations"] as JsonObject;
        if (copy["spec"] is not JsonObject spec)
        {
            throw new SidecarInjectionException("spec: the pod has no spec object");
        }

        if (Text(annotations, InjectionNames.StatusAnnotation) is not null || HasContainer(spec, InjectionNames.ProxyContainer))
        {
            return new SidecarInjectionResult(copy, false, "already injected");
        }

        if (spec["hostNetwork"] is JsonValue host && host.TryGetValue(out bool hostNetwork) && hostNetwork)
        {
            return new SidecarInjectionResult(copy, false, "hostNetwork pods share the node's network and are never injected");
        }

        var choice = Text(labels, InjectionNames.InjectKey) ?? Text(annotations, InjectionNames.InjectKey);
        if (string.Equals(choice, "false", StringComparison.OrdinalIgnoreCase))
        {
            return new SidecarInjectionResult(copy, false, $"pod opted out with {InjectionNames.InjectKey}=false");
        }

        var namespaceOptIn = namespaceLabels?.GetValueOrDefault(InjectionNames.NamespaceLabel) == "enabled";
        if (!namespaceOptIn && !string.Equals(choice, "true", StringComparison.OrdinalIgnoreCase))
        {
            return new SidecarInjectionResult(copy, false, $"neither namespace label {InjectionNames.NamespaceLabel}=enabled nor {InjectionNames.InjectKey}=true");
        }

        var interception = InterceptionMode(annotations);
        var capture = TrafficCapture.FromAnnotations(annotations);
        var readiness = ProxyReadinessProbe.FromAnnotations(annotations);
        var labelMap = Strings(labels);
        var name = WorkloadName(metadata);
        var serviceAccount = Text(spec, "serviceAccountName") ?? "default";
        string bootstrap;
        try
        {
            bootstrap = SidecarBootstrap.Json(Options, podNamespace, name, labelMap, serviceAccount, interception);
        }
        catch (BootstrapOptionsException e)
        {
            throw new SidecarInjectionException($"metadata: {e.Message}");
        }

        // NONE: nothing redirects the pod's traffic, so there is no istio-init; the application talks to the
        // listeners the Sidecar resource's egress/ingress entries bind (as Istio's injection template does).
        var capturing = interception != NoCapture;
        if (capturing)
        {
            Array(spec, "initContainers").Insert(0, InitContainer(capture));
        }

        Array(spec, "containers").Add(ProxyContainer(bootstrap, readiness));
        var volumes = Array(spec, "volumes");
        volumes.Add(RootCertVolume());
        volumes.Add(TokenVolume());

        metadata ??= Set(copy, "metadata");
        annotations ??= Set(metadata, "annotations");
        annotations[InjectionNames.StatusAnnotation] = new JsonObject
        {
            ["initContainers"] = capturing ? new JsonArray(InjectionNames.InitContainer) : new JsonArray(),
            ["containers"] = new JsonArray(InjectionNames.ProxyContainer),
            ["volumes"] = new JsonArray(InjectionNames.RootCertVolume, InjectionNames.TokenVolume),
            ["image"] = Options.ProxyImage,
        }.ToJsonString();
        return new SidecarInjectionResult(copy, true, namespaceOptIn ? "namespace opted in" : "pod opted in");
    }

    private const string NoCapture = "NONE";

    /// <summary>
    /// The pod's <c>sidecar.istio.io/interceptionMode</c>: REDIRECT (the default) or NONE. TPROXY needs a
    /// different istio-init script and proxy capabilities that this injector does not produce, so it is refused
    /// by name rather than injected as REDIRECT.
    /// </summary>
    private static string InterceptionMode(JsonObject? annotations)
    {
        var mode = Text(annotations, InjectionNames.InterceptionModeAnnotation);
        return mode switch
        {
            null or "" or "REDIRECT" => "REDIRECT",
            NoCapture => NoCapture,
            "TPROXY" => throw new SidecarInjectionException(
                $"metadata.annotations[{InjectionNames.InterceptionModeAnnotation}]: TPROXY is not supported by this injector; use REDIRECT or NONE"),
            _ => throw new SidecarInjectionException(
                $"metadata.annotations[{InjectionNames.InterceptionModeAnnotation}]: '{mode}' is not REDIRECT, TPROXY or NONE"),
        };
    }

    private JsonObject InitContainer(TrafficCapture capture) => new()
    {
        ["name"] = InjectionNames.InitContainer,
        ["image"] = Options.InitImage,
        ["command"] = new JsonArray("sh", "-c", capture.Script()),
        ["securityContext"] = new JsonObject
        {
            ["runAsUser"] = 0,
            ["runAsGroup"] = 0,
            ["runAsNonRoot"] = false,
            ["allowPrivilegeEscalation"] = false,
            ["capabilities"] = new JsonObject
            {
                ["add"] = new JsonArray("NET_ADMIN", "NET_RAW"),
                ["drop"] = new JsonArray("ALL"),
            },
        },
        ["resources"] = Resources("10m", "10Mi"),
    };

    private JsonObject ProxyContainer(string bootstrap, ProxyReadinessProbe readiness) => new()
    {
        ["name"] = InjectionNames.ProxyContainer,
        ["image"] = Options.ProxyImage,
        ["args"] = new JsonArray("--config-yaml", bootstrap, "--log-level", "warning", "--drain-time-s", "45"),
        ["env"] = new JsonArray(
            FieldEnv("POD_NAME", "metadata.name"),
            FieldEnv("POD_NAMESPACE", "metadata.namespace"),
            FieldEnv("INSTANCE_IP", "status.podIP"),
            FieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName")),
        ["ports"] = new JsonArray(new JsonObject
        {
            ["name"] = "http-envoy-prom",
            ["containerPort"] = 15090,
            ["protocol"] = "TCP",
        }),
        ["readinessProbe"] = readiness.ToJson(),
        ["securityContext"] = new JsonObject
        {
            ["runAsUser"] = InjectionNames.ProxyUid,
            ["runAsGroup"] = InjectionNames.ProxyUid,
            ["runAsNonRoot"] = true,
            ["allowPrivilegeEscalation"] = false,
            ["readOnlyRootFilesystem"] = true,
            ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
        },
        ["resources"] = Resources("100m", "128Mi"),
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = InjectionNames.RootCertVolume, ["mountPath"] = RootCertDir, ["readOnly"] = true },
            new JsonObject { ["name"] = InjectionNames.TokenVolume, ["mountPath"] = TokenDir, ["readOnly"] = true }),
    };

    private static JsonObject RootCertVolume() => new()
    {
        ["name"] = InjectionNames.RootCertVolume,
        ["configMap"] = new JsonObject { ["name"] = InjectionNames.RootCertConfigMap },
    };

    private static JsonObject TokenVolume() => new()
    {
        ["name"] = InjectionNames.TokenVolume,
        ["projected"] = new JsonObject
        {
            ["sources"] = new JsonArray(new JsonObject
            {
                ["serviceAccountToken"] = new JsonObject
                {
                    ["audience"] = InjectionNames.TokenAudience,
                    ["expirationSeconds"] = 43200,
                    ["path"] = Path.GetFileName(EnvoyBootstrapOptions.DefaultTokenPath),
                },
            }),
        },
    };

    private static JsonObject Resources(string cpu, string memory) => new()
    {
        ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory },
    };

    private static JsonObject FieldEnv(string name, string fieldPath) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = fieldPath } },
    };

    /// <summary>A name for the node metadata before the pod has one; the kubelet reference replaces it in the node id.</summary>
    private static string WorkloadName(JsonObject? metadata)
    {
        var name = Text(metadata, "name") ?? Text(metadata, "generateName")?.TrimEnd('-');
        return string.IsNullOrEmpty(name) ? "pod" : name.Replace('.', '-').Replace('~', '-');
    }

    private static bool HasContainer(JsonObject spec, string name) =>
        new[] { "containers", "initContainers" }.Any(key =>
            spec[key] is JsonArray items && items.Any(c => c is JsonObject o && Text(o, "name") == name));

    private static JsonArray Array(JsonObject parent, string key)
    {
        if (parent[key] is JsonArray existing)
        {
            return existing;
        }

        var created = new JsonArray();
        parent[key] = created;
        return created;
    }

    private static JsonObject Set(JsonObject parent, string key)
    {
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    private static string? Text(JsonObject? parent, string key) =>
        parent?[key] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static Dictionary<string, string> Strings(JsonObject? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map ?? [])
        {
            if (value is JsonValue v && v.TryGetValue(out string? text))
            {
                result[key] = text;
            }
        }

        return result;
    }
}
