'use strict';
// A tiny real gRPC backend for the end-to-end tests: plain @grpc/grpc-js, no xDS.
// It serves /e2e.Echo/Who (see echo-service.js) and answers with a JSON body naming itself, so a
// client can count which backend (which subset) each RPC reached.
//
// usage: node backend.js --name v1 [--port 0] [--host 127.0.0.1] [--fail UNAVAILABLE]
// prints one JSON line {"event":"listening","name":..,"port":..} once bound.

const grpc = require('@grpc/grpc-js');
const { parseArgs } = require('./args');
const { definition, createHandlers, checkFailCode } = require('./echo-service');

const args = parseArgs(process.argv.slice(2), { name: 'backend', port: '0', host: '127.0.0.1', fail: '' });
const { handlers, stats } = createHandlers(args.name, checkFailCode(args.fail));

const server = new grpc.Server();
server.addService(definition, handlers);

server.bindAsync(`${args.host}:${args.port}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.log(JSON.stringify({ event: 'error', name: args.name, error: err.message }));
    process.exit(1);
  }
  console.log(JSON.stringify({ event: 'listening', name: args.name, port }));
});

function stop() {
  console.log(JSON.stringify({ event: 'stopped', name: args.name, served: stats.served, failed: stats.failed }));
  server.forceShutdown();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test harness owns this process; when it goes away (stdin closes) so do we.
process.stdin.on('end', stop);
process.stdin.resume();
