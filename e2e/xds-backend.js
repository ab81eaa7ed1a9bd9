'use strict';
// An xDS-enabled gRPC server (gRFC A36) from @grpc/grpc-js-xds: it asks the control plane named by
// GRPC_XDS_BOOTSTRAP for its listener (the bootstrap's server_listener_resource_name_template with
// the bound address) and secures its port as that listener says (gRFC A29): mutual TLS with the
// certificates of the bootstrap's certificate providers, or plaintext (the fallback credentials).
// It serves the same /e2e.Echo/Who as backend.js (see echo-service.js).
//
// usage: node xds-backend.js --name secure --port 50051 [--host 0.0.0.0]
// prints {"event":"listening",...} once the control plane's listener arrived and the port serves,
// and {"event":"serving",...} on every change of serving status.

const grpc = require('@grpc/grpc-js');
const xds = require('@grpc/grpc-js-xds');
const { parseArgs } = require('./args');
const { definition, createHandlers, checkFailCode } = require('./echo-service');

const args = parseArgs(process.argv.slice(2), { name: 'backend', port: '', host: '0.0.0.0', fail: '' });
if (!(Number(args.port) > 0)) {
  throw new Error('--port is required: an xDS server must bind a fixed port (its listener name contains it)');
}
const { handlers, stats } = createHandlers(args.name, checkFailCode(args.fail));

// register() also installs the HTTP filters (router, fault, RBAC): without it the server rejects
// every listener because its router filter is "unknown".
xds.register();

const address = `${args.host}:${args.port}`;
const server = new xds.XdsServer();
server.addService(definition, handlers);
server.bindAsync(address, new xds.XdsServerCredentials(grpc.ServerCredentials.createInsecure()), (err, port) => {
  if (err) {
    console.log(JSON.stringify({ event: 'error', name: args.name, error: err.message }));
    process.exit(1);
  }
  console.log(JSON.stringify({ event: 'listening', name: args.name, port }));
});
server.addServingStateListener(address, (status) => {
  console.log(JSON.stringify({ event: 'serving', name: args.name, code: status.code, details: status.details }));
});

function stop() {
  console.log(JSON.stringify({ event: 'stopped', name: args.name, served: stats.served, failed: stats.failed }));
  server.forceShutdown();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
