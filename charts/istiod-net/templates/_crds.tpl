{{/*
The Istio kinds this control plane reads, one line each: group, kind, plural, short names, served
versions, the version stored in etcd and, for a cluster-wide kind, scope: Cluster. The storage versions match Istio's, so moving a cluster
between this chart and Istio's base chart keeps every stored object readable.
*/}}
{{- define "istiod-net.crdKinds" -}}
kinds:
  - {group: networking.istio.io, kind: VirtualService, plural: virtualservices, shortNames: [vs], versions: [v1alpha3, v1beta1, v1], storage: v1alpha3, columns: [gateways, hosts]}
  - {group: networking.istio.io, kind: DestinationRule, plural: destinationrules, shortNames: [dr], versions: [v1alpha3, v1beta1, v1], storage: v1alpha3, columns: [host]}
  - {group: networking.istio.io, kind: Gateway, plural: gateways, shortNames: [gw], versions: [v1alpha3, v1beta1, v1], storage: v1alpha3}
  - {group: networking.istio.io, kind: ServiceEntry, plural: serviceentries, shortNames: [se], versions: [v1alpha3, v1beta1, v1], storage: v1alpha3, columns: [hosts, location, resolution]}
  - {group: networking.istio.io, kind: Sidecar, plural: sidecars, shortNames: [], versions: [v1alpha3, v1beta1, v1], storage: v1alpha3}
  - {group: networking.istio.io, kind: WorkloadEntry, plural: workloadentries, shortNames: [we], versions: [v1alpha3, v1beta1, v1], storage: v1alpha3, columns: [address]}
  - {group: networking.istio.io, kind: WorkloadGroup, plural: workloadgroups, shortNames: [wg], versions: [v1alpha3, v1beta1, v1], storage: v1alpha3}
  - {group: networking.istio.io, kind: EnvoyFilter, plural: envoyfilters, shortNames: [], versions: [v1alpha3], storage: v1alpha3}
  - {group: networking.istio.io, kind: ProxyConfig, plural: proxyconfigs, shortNames: [], versions: [v1beta1], storage: v1beta1}
  - {group: security.istio.io, kind: AuthorizationPolicy, plural: authorizationpolicies, shortNames: [ap], versions: [v1beta1, v1], storage: v1beta1, columns: [action]}
  - {group: security.istio.io, kind: PeerAuthentication, plural: peerauthentications, shortNames: [pa], versions: [v1beta1, v1], storage: v1beta1, columns: [mode]}
  - {group: security.istio.io, kind: RequestAuthentication, plural: requestauthentications, shortNames: [ra], versions: [v1beta1, v1], storage: v1beta1}
  - {group: telemetry.istio.io, kind: Telemetry, plural: telemetries, shortNames: [telemetry], versions: [v1alpha1, v1], storage: v1alpha1}
  - {group: extensions.istio.io, kind: WasmPlugin, plural: wasmplugins, shortNames: [], versions: [v1alpha1], storage: v1alpha1}
  # The pre-1.6 RBAC API: Istio no longer ships these CRDs, but the control plane still reads and translates
  # the objects, so a cluster installed by this chart must be able to hold them.
  - {group: rbac.istio.io, kind: ServiceRole, plural: serviceroles, shortNames: [], versions: [v1alpha1], storage: v1alpha1}
  - {group: rbac.istio.io, kind: ServiceRoleBinding, plural: servicerolebindings, shortNames: [], versions: [v1alpha1], storage: v1alpha1}
  - {group: rbac.istio.io, kind: ClusterRbacConfig, plural: clusterrbacconfigs, shortNames: [], versions: [v1alpha1], storage: v1alpha1, scope: Cluster}
{{- end -}}

{{/* Printer columns by name: where in the object each one reads from. */}}
{{- define "istiod-net.crdColumns" -}}
gateways: {name: Gateways, type: string, description: "The gateways the routes apply to", jsonPath: .spec.gateways}
hosts: {name: Hosts, type: string, description: "The destination hosts", jsonPath: .spec.hosts}
host: {name: Host, type: string, description: "The service the policy applies to", jsonPath: .spec.host}
location: {name: Location, type: string, description: "Whether the service is inside or outside the mesh", jsonPath: .spec.location}
resolution: {name: Resolution, type: string, description: "How endpoints are found", jsonPath: .spec.resolution}
address: {name: Address, type: string, description: "The workload's address", jsonPath: .spec.address}
action: {name: Action, type: string, description: "ALLOW, DENY, AUDIT or CUSTOM", jsonPath: .spec.action}
mode: {name: Mode, type: string, description: "The mutual TLS mode", jsonPath: .spec.mtls.mode}
{{- end -}}
