// Decodes xDS resources with grpc-js-xds's own resource types, the code its xDS client runs on every
// response, and reports for each whether the client would accept it (and if not, its error text).
// Input on stdin: one JSON object per line, {"typeUrl": "...", "value": "<base64 bytes>"}.
// Output on stdout: one JSON object per line, {"name": "...", "error": "..."|null}.
'use strict';
const path = require('path');
const readline = require('readline');

const moduleRoot = process.argv[2];
const build = path.join(moduleRoot, '@grpc', 'grpc-js-xds', 'build', 'src');
require(path.join(moduleRoot, '@grpc', 'grpc-js-xds')).register();

const types = {
  'type.googleapis.com/envoy.config.listener.v3.Listener':
    require(path.join(build, 'xds-resource-type', 'listener-resource-type')).ListenerResourceType.get(),
  'type.googleapis.com/envoy.config.route.v3.RouteConfiguration':
    require(path.join(build, 'xds-resource-type', 'route-config-resource-type')).RouteConfigurationResourceType.get(),
  'type.googleapis.com/envoy.config.cluster.v3.Cluster':
    require(path.join(build, 'xds-resource-type', 'cluster-resource-type')).ClusterResourceType.get(),
  'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment':
    require(path.join(build, 'xds-resource-type', 'endpoint-resource-type')).EndpointResourceType.get(),
};

// What decode reads from its context: the server it came from and the bootstrap's certificate providers,
// here the one instance ("default", a file_watcher) the mesh's TLS contexts name.
const context = {
  server: { serverUri: 'istiod:15010', channelCredentials: [{ type: 'insecure' }], serverFeatures: [] },
  bootstrap: { certificateProviders: { default: { plugin_name: 'file_watcher', config: {} } } },
};

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) return;
  const input = JSON.parse(line);
  const type = types[input.typeUrl];
  let result;
  if (!type) {
    result = { name: null, error: `no grpc-js-xds resource type for ${input.typeUrl}` };
  } else {
    try {
      const decoded = type.decode(context, { type_url: input.typeUrl, value: Buffer.from(input.value, 'base64') });
      result = { name: decoded.name, error: decoded.error ?? null };
    } catch (e) {
      result = { name: null, error: `decode threw: ${e.message}` };
    }
  }
  process.stdout.write(JSON.stringify(result) + '\n');
});
