'use strict';
// A tiny real gRPC backend for the end-to-end tests: plain @grpc/grpc-js, no xDS.
// It serves /e2e.Echo/Who and answers with a JSON body naming itself, so a client can count
// which backend (which subset) each RPC reached. The request metadata is echoed back, which
// lets a test see what headers actually arrived.
//
// usage: node backend.js --name v1 [--port 0] [--host 127.0.0.1]
// prints one JSON line {"event":"listening","name":..,"port":..} once bound.

const grpc = require('@grpc/grpc-js');
const { parseArgs } = require('./args');

const args = parseArgs(process.argv.slice(2), { name: 'backend', port: '0', host: '127.0.0.1' });

// Raw bytes on the wire: no .proto, no codegen; the tests only care about routing.
const identity = (b) => b;
const service = {
  Who: {
    path: '/e2e.Echo/Who',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

let served = 0;
const server = new grpc.Server();
server.addService(service, {
  Who(call, callback) {
    served++;
    const metadata = {};
    for (const [key, value] of Object.entries(call.metadata.getMap())) {
      metadata[key] = Buffer.isBuffer(value) ? value.toString('base64') : value;
    }
    callback(null, Buffer.from(JSON.stringify({ backend: args.name, metadata })));
  },
});

server.bindAsync(`${args.host}:${args.port}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.log(JSON.stringify({ event: 'error', name: args.name, error: err.message }));
    process.exit(1);
  }
  console.log(JSON.stringify({ event: 'listening', name: args.name, port }));
});

function stop() {
  console.log(JSON.stringify({ event: 'stopped', name: args.name, served }));
  server.forceShutdown();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test harness owns this process; when it goes away (stdin closes) so do we.
process.stdin.on('end', stop);
process.stdin.resume();
