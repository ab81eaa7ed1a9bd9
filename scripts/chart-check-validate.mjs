// Validates the objects of one `helm template` output.
//   node chart-check-validate.mjs <node_modules> <rendered.yaml> [Kind=count ...]
// Each object is checked against its Kubernetes schema (npm kubernetes-models), then the objects are
// checked against each other (selectors, ports, bindings, webhook services) and for the hardening the
// chart promises. Prints every problem with the document index, kind and name; exits 1 if any.
import { createRequire } from "node:module";
import { readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [modulesArg, file, ...expectations] = process.argv.slice(2);
const modules = modulesArg && resolve(modulesArg);
if (!modules || !file) {
  console.error("usage: chart-check-validate.mjs <node_modules> <rendered.yaml> [Kind=count ...]");
  process.exit(2);
}

const require = createRequire(join(modules, "noop.js"));
const yaml = require("js-yaml");
const problems = [];
const where = (doc) => `${file.split("/").pop()} document ${doc.index} ${doc.obj?.kind ?? "?"} ${doc.obj?.metadata?.name ?? "(no name)"}`;
const problem = (doc, text) => problems.push(`${doc ? where(doc) + ": " : ""}${text}`);

let docs;
try {
  docs = yaml.loadAll(readFileSync(file, "utf8"))
    .map((obj, index) => ({ obj, index }))
    .filter((d) => d.obj !== null && d.obj !== undefined);
} catch (e) {
  console.error(`${file}: not YAML: ${e.message}`);
  process.exit(1);
}

const clusterScoped = new Set([
  "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "Namespace",
  "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
]);

// 1. Schemas.
for (const doc of docs) {
  const { obj } = doc;
  if (typeof obj !== "object" || !obj.apiVersion || !obj.kind) {
    problem(doc, "missing apiVersion or kind");
    continue;
  }
  if (!obj.metadata?.name) problem(doc, "metadata.name is missing");
  if (!clusterScoped.has(obj.kind) && !obj.metadata?.namespace) problem(doc, "namespaced object without metadata.namespace");
  if (clusterScoped.has(obj.kind) && obj.metadata?.namespace) problem(doc, "cluster-scoped object with metadata.namespace");

  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : [null, obj.apiVersion];
  const modelFile = join(modules, "kubernetes-models", ...(group ? [group] : []), version, `${obj.kind}.js`);
  if (!existsSync(modelFile)) {
    problem(doc, `no Kubernetes schema for ${obj.apiVersion} ${obj.kind}`);
    continue;
  }
  const model = await import(pathToFileURL(modelFile).href);
  const Model = model[obj.kind];
  try {
    new Model(obj).validate();
  } catch (e) {
    const details = (e.errors ?? []).map((x) => `${x.instancePath || "/"} ${x.message}`).join("; ");
    problem(doc, `schema: ${details || e.message}`);
  }
}

// 2. Counts the variation expects.
for (const expectation of expectations) {
  const [kind, count] = expectation.split("=");
  const actual = docs.filter((d) => d.obj.kind === kind).length;
  if (actual !== Number(count)) problems.push(`expected ${count} ${kind}, rendered ${actual}`);
}

// 3. Objects against each other.
const named = (kind, ns, name) => docs.find((d) => d.obj.kind === kind && d.obj.metadata?.name === name && (ns === undefined || d.obj.metadata?.namespace === ns));
const seen = new Set();
for (const doc of docs) {
  const key = `${doc.obj.kind}/${doc.obj.metadata?.namespace ?? ""}/${doc.obj.metadata?.name}`;
  if (seen.has(key)) problem(doc, "rendered twice");
  seen.add(key);
}

const deployments = docs.filter((d) => d.obj.kind === "Deployment");
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const podsOf = (ns, selector) => deployments.filter((d) => d.obj.metadata.namespace === ns && matches(selector, d.obj.spec.template.metadata.labels));

for (const doc of docs) {
  const { obj } = doc;
  const ns = obj.metadata?.namespace;
  switch (obj.kind) {
    case "Service": {
      const pods = podsOf(ns, obj.spec.selector);
      if (pods.length === 0) problem(doc, "selector matches no Deployment's pods");
      for (const port of obj.spec.ports ?? []) {
        const target = port.targetPort ?? port.port;
        const served = pods.some((p) => p.obj.spec.template.spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.containerPort === target || cp.name === target)));
        if (pods.length && !served) problem(doc, `port ${port.name} targets ${target}, which no container declares`);
      }
      break;
    }
    case "Deployment": {
      const spec = obj.spec.template.spec;
      if (!matches(obj.spec.selector.matchLabels, obj.spec.template.metadata.labels)) problem(doc, "selector does not match the pod template labels");
      if (!named("ServiceAccount", ns, spec.serviceAccountName)) problem(doc, `serviceAccountName ${spec.serviceAccountName} is not rendered`);
      for (const v of spec.volumes ?? []) {
        if (v.configMap && !v.configMap.optional && !named("ConfigMap", ns, v.configMap.name)) problem(doc, `volume ${v.name} needs ConfigMap ${v.configMap.name}, which is not rendered`);
      }
      if (spec.securityContext?.runAsNonRoot !== true) problem(doc, "pod securityContext.runAsNonRoot is not true");
      if (spec.securityContext?.seccompProfile?.type !== "RuntimeDefault") problem(doc, "pod seccompProfile is not RuntimeDefault");
      for (const c of spec.containers) {
        const sc = c.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false) problem(doc, `container ${c.name}: allowPrivilegeEscalation is not false`);
        if (sc.readOnlyRootFilesystem !== true) problem(doc, `container ${c.name}: readOnlyRootFilesystem is not true`);
        if (!(sc.capabilities?.drop ?? []).includes("ALL")) problem(doc, `container ${c.name}: capabilities do not drop ALL`);
        if (sc.privileged === true) problem(doc, `container ${c.name}: privileged`);
        if (c.readinessProbe?.httpGet?.path !== "/ready" || c.readinessProbe?.httpGet?.port !== 15014) problem(doc, `container ${c.name}: readiness probe is not /ready on 15014`);
        if (!c.resources?.requests) problem(doc, `container ${c.name}: no resource requests`);
      }
      break;
    }
    case "RoleBinding":
    case "ClusterRoleBinding": {
      const roleNs = obj.roleRef.kind === "Role" ? ns : undefined;
      if (!named(obj.roleRef.kind, roleNs, obj.roleRef.name)) problem(doc, `roleRef ${obj.roleRef.kind} ${obj.roleRef.name} is not rendered`);
      for (const s of obj.subjects ?? []) {
        if (s.kind === "ServiceAccount" && !named("ServiceAccount", s.namespace, s.name)) problem(doc, `subject ServiceAccount ${s.namespace}/${s.name} is not rendered`);
      }
      break;
    }
    case "ClusterRole":
    case "Role": {
      for (const rule of obj.rules ?? []) {
        if ((rule.verbs ?? []).includes("*")) problem(doc, "a rule grants every verb");
        if ((rule.apiGroups ?? []).includes("*")) problem(doc, "a rule covers every API group");
        if ((rule.resources ?? []).includes("secrets") && (rule.verbs ?? []).some((v) => ["update", "patch", "delete"].includes(v)) && !rule.resourceNames) {
          problem(doc, "secrets may be changed without resourceNames");
        }
      }
      break;
    }
    case "ValidatingWebhookConfiguration":
    case "MutatingWebhookConfiguration": {
      for (const hook of obj.webhooks ?? []) {
        const ref = hook.clientConfig?.service;
        const svc = ref && named("Service", ref.namespace, ref.name);
        if (!svc) problem(doc, `webhook ${hook.name} calls Service ${ref?.namespace}/${ref?.name}, which is not rendered`);
        else if (!(svc.obj.spec.ports ?? []).some((p) => p.port === (ref.port ?? 443))) problem(doc, `webhook ${hook.name} calls port ${ref.port}, which Service ${ref.name} does not expose`);
        const path = obj.kind === "ValidatingWebhookConfiguration" ? "/validate" : "/inject";
        if (ref?.path !== path) problem(doc, `webhook ${hook.name} path is ${ref?.path}, expected ${path}`);
      }
      break;
    }
    case "HorizontalPodAutoscaler": {
      const t = obj.spec.scaleTargetRef;
      if (!named(t.kind, ns, t.name)) problem(doc, `scaleTargetRef ${t.kind} ${t.name} is not rendered`);
      if (obj.spec.minReplicas > obj.spec.maxReplicas) problem(doc, "minReplicas exceeds maxReplicas");
      break;
    }
    case "PodDisruptionBudget":
      if (podsOf(ns, obj.spec.selector?.matchLabels).length === 0) problem(doc, "selector matches no Deployment's pods");
      break;
    case "CustomResourceDefinition": {
      if (obj.metadata.name !== `${obj.spec.names.plural}.${obj.spec.group}`) problem(doc, "name is not <plural>.<group>");
      const stored = obj.spec.versions.filter((v) => v.storage);
      if (stored.length !== 1) problem(doc, `${stored.length} storage versions, need exactly 1`);
      break;
    }
    case "ConfigMap":
      if (obj.data?.mesh !== undefined) {
        try {
          const mesh = yaml.load(obj.data.mesh);
          if (!mesh?.trustDomain) problem(doc, "mesh config has no trustDomain");
          if (!mesh?.defaultConfig?.discoveryAddress) problem(doc, "mesh config has no defaultConfig.discoveryAddress");
        } catch (e) {
          problem(doc, `data.mesh is not YAML: ${e.message}`);
        }
      }
      break;
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`${file.split("/").pop()}: ${docs.length} objects valid`);
