using System.Text;
using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Security.Ca;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.Kube;

/// <summary>
/// The leader keeps our webhook configurations usable: every webhook's <c>clientConfig.caBundle</c> is the CA's trust
/// bundle, and the validating one's <c>failurePolicy</c> goes from Ignore to Fail only once a dry-run create of an
/// invalid VirtualService has been denied by our webhook, proving the API server can reach it (Istio's rule: before
/// that, Fail would block every Istio write in the cluster).
/// </summary>
public sealed class WebhookConfigPatcher
{
    public const string ProbeName = "istiod-net-validation-probe";

    private static readonly string[] ProbeVersions = ["v1", "v1beta1", "v1alpha3"];

    private readonly KubeClient _client;
    private readonly CertificateAuthority _ca;
    private readonly LeaderWorkOptions _options;
    private readonly ILogger _logger;
    private volatile bool _denialSeen;

    public WebhookConfigPatcher(KubeClient client, CertificateAuthority ca, LeaderWorkOptions options, ILogger<WebhookConfigPatcher>? logger = null)
    {
        _client = client;
        _ca = ca;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>True once our webhook was seen denying the invalid probe object.</summary>
    public bool DenialSeen => _denialSeen;

    public async Task RunAsync(CancellationToken leading)
    {
        var wake = new SemaphoreSlim(0);
        void OnBundle(TrustBundle _) => wake.Release();
        _ca.TrustBundleChanged += OnBundle;
        try
        {
            while (!leading.IsCancellationRequested)
            {
                var ok = true;
                try
                {
                    if (_options.ValidatingWebhookConfiguration is { } validating)
                    {
                        ok &= await ReconcileAsync(KubeResourceTypes.ValidatingWebhookConfigurations, validating, switchToFail: true, leading).ConfigureAwait(false);
                    }

                    if (_options.MutatingWebhookConfiguration is { } mutating)
                    {
                        ok &= await ReconcileAsync(KubeResourceTypes.MutatingWebhookConfigurations, mutating, switchToFail: false, leading).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (CaSecretSynchronizer.IsTransient(e, leading))
                {
                    Log.WriteFailed(_logger, "patching the webhook configurations", e.Message);
                    ok = false;
                }

                try
                {
                    await wake.WaitAsync(ok ? _options.Period : _options.RetryDelay, leading).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            _ca.TrustBundleChanged -= OnBundle;
        }
    }

    /// <summary>One pass over one configuration; false when it should be looked at again soon.</summary>
    private async Task<bool> ReconcileAsync(KubeResourceType type, string name, bool switchToFail, CancellationToken leading)
    {
        var config = await _client.GetAsync(type, null, name, leading).ConfigureAwait(false);
        if (config is null)
        {
            Log.WebhookConfigMissing(_logger, type.Kind, name);
            return true;
        }

        var webhooks = (config["webhooks"] as JsonArray ?? []).OfType<JsonObject>().ToArray();
        var needsFail = switchToFail && webhooks.Any(w => Text(w["failurePolicy"]) != "Fail");
        if (needsFail && !_denialSeen)
        {
            _denialSeen = await DryRunDeniedAsync(name, leading).ConfigureAwait(false);
        }

        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(_ca.TrustBundle.Pem));
        var bundleChanged = false;
        var policyChanged = false;
        foreach (var webhook in webhooks)
        {
            if (webhook["clientConfig"] is not JsonObject client)
            {
                webhook["clientConfig"] = client = [];
            }

            if (Text(client["caBundle"]) != bundle)
            {
                client["caBundle"] = bundle;
                bundleChanged = true;
            }

            if (needsFail && _denialSeen && Text(webhook["failurePolicy"]) != "Fail")
            {
                webhook["failurePolicy"] = "Fail";
                policyChanged = true;
            }
        }

        if (bundleChanged || policyChanged)
        {
            // PUT with the resourceVersion read above: a concurrent edit is a Conflict, and the next pass rereads.
            await _client.ReplaceAsync(type, config, leading).ConfigureAwait(false);
            if (bundleChanged)
            {
                Log.CaBundlePatched(_logger, type.Kind, name);
            }

            if (policyChanged)
            {
                Log.FailurePolicySwitched(_logger, name);
            }
        }

        // Until the switch is made, look again soon rather than after a full period.
        return !(needsFail && !_denialSeen);
    }

    /// <summary>True when the API server refuses an invalid VirtualService with a webhook denial (dry run: nothing is stored).</summary>
    private async Task<bool> DryRunDeniedAsync(string name, CancellationToken leading)
    {
        foreach (var version in ProbeVersions)
        {
            var type = new KubeResourceType("networking.istio.io", version, "virtualservices", "VirtualService", Namespaced: true);
            try
            {
                await _client.CreateAsync(type, Probe(type), dryRun: true, leading).ConfigureAwait(false);
                Log.NotDeniedYet(_logger, name, "accepted");
                return false;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // This version is not served; try the next.
            }
            catch (KubeApiException e) when (e.Message.Contains("denied the request", StringComparison.Ordinal))
            {
                return true;
            }
            catch (KubeApiException e)
            {
                Log.NotDeniedYet(_logger, name, e.Message);
                return false;
            }
        }

        Log.NotDeniedYet(_logger, name, "VirtualService is not served");
        return false;
    }

    private JsonObject Probe(KubeResourceType type) => new()
    {
        ["apiVersion"] = type.ApiVersion,
        ["kind"] = type.Kind,
        ["metadata"] = new JsonObject { ["name"] = ProbeName, ["namespace"] = _options.Namespace },
        ["spec"] = new JsonObject
        {
            ["hosts"] = new JsonArray("probe.istiod-net.invalid"),
            ["http"] = new JsonArray(new JsonObject
            {
                ["route"] = new JsonArray(new JsonObject
                {
                    ["destination"] = new JsonObject { ["host"] = "probe.istiod-net.invalid" },
                    ["weight"] = -1,
                }),
            }),
        },
    };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
