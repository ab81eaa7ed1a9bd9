'use strict';
// The e2e.Echo service shared by backend.js (plain grpc-js server) and xds-backend.js (xDS-enabled
// server). It has two methods with the same behaviour, /e2e.Echo/Who and /e2e.Echo/Admin: two paths
// let authorization tests allow one method and deny the other on the same server. The answer is JSON
// naming the backend and the method, echoing the request metadata and, on TLS connections, the client
// certificate's URI SAN: a test reads from it which backend (which subset) an RPC reached and which
// identity the server saw.
//
// A request can ask the backend to misbehave, so resilience tests need no special builds:
//   x-delay-ms: N         answer after N ms (timeouts, circuit breaking)
//   x-fail-times: N       with x-rpc-id: K, fail the first N attempts carrying id K with UNAVAILABLE
//                         (retries: every retry attempt repeats the same id)
// and a backend started with --fail CODE fails every RPC with that status (outlier detection).

const grpc = require('@grpc/grpc-js');

// Raw bytes on the wire: no .proto, no codegen; the tests only care about routing.
const identity = (b) => b;
const methods = ['Who', 'Admin'];
const unary = (name) => ({
  path: `/e2e.Echo/${name}`,
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
});
const definition = Object.fromEntries(methods.map((name) => [name, unary(name)]));

function text(metadata, key) {
  const values = metadata.get(key);
  return values.length > 0 ? String(values[0]) : undefined;
}

function peerIdentity(call) {
  const auth = typeof call.getAuthContext === 'function' ? call.getAuthContext() : undefined;
  const san = auth?.sslPeerCertificate?.subjectaltname;
  if (!san) {
    return undefined;
  }
  const uri = san.split(', ').find((entry) => entry.startsWith('URI:'));
  return uri ? uri.slice('URI:'.length) : undefined;
}

// name: this backend's name; failCode: a grpc.status name every RPC fails with, or undefined.
function createHandlers(name, failCode) {
  const attempts = new Map();
  const stats = { served: 0, failed: 0 };
  const handle = (method, call, callback) => {
    const id = text(call.metadata, 'x-rpc-id');
    const seen = id === undefined ? 1 : (attempts.get(id) ?? 0) + 1;
    if (id !== undefined) {
      attempts.set(id, seen);
    }
    const respond = () => {
      if (failCode !== undefined) {
        stats.failed++;
        callback({ code: grpc.status[failCode], details: `${name} fails every RPC (--fail ${failCode})` });
        return;
      }
      const failTimes = Number(text(call.metadata, 'x-fail-times') ?? 0);
      if (seen <= failTimes) {
        stats.failed++;
        callback({ code: grpc.status.UNAVAILABLE, details: `${name} fails attempt ${seen} of ${id} (x-fail-times ${failTimes})` });
        return;
      }
      stats.served++;
      const metadata = {};
      for (const [key, value] of Object.entries(call.metadata.getMap())) {
        metadata[key] = Buffer.isBuffer(value) ? value.toString('base64') : value;
      }
      callback(null, Buffer.from(JSON.stringify({ backend: name, method, attempt: seen, peer: peerIdentity(call), metadata })));
    };
    const delay = Number(text(call.metadata, 'x-delay-ms') ?? 0);
    if (delay > 0) {
      setTimeout(respond, delay);
    } else {
      respond();
    }
  };
  const handlers = Object.fromEntries(methods.map((method) => [method, (call, callback) => handle(method, call, callback)]));
  return { handlers, stats };
}

function checkFailCode(failCode) {
  if (failCode !== undefined && failCode !== '' && grpc.status[failCode] === undefined) {
    throw new Error(`--fail ${failCode}: not a gRPC status name`);
  }
  return failCode === '' ? undefined : failCode;
}

module.exports = { definition, methods, createHandlers, checkFailCode };
