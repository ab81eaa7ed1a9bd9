'use strict';
// A long-lived gRPC client using the real grpc-js xDS implementation (@grpc/grpc-js-xds).
// It opens ONE channel to --target (normally xds:///host:port; the control plane comes from
// the file named by GRPC_XDS_BOOTSTRAP) and then runs batches of RPCs on that channel as told
// by JSON lines on stdin, answering each with one JSON line on stdout. Keeping the channel
// open between batches is the point: a test can change config and watch the same client
// follow it, the way a real workload would.
//
// usage: node client.js --target xds:///echo.default.svc.cluster.local:7070 [--creds insecure|xds]
//   --creds xds: XdsChannelCredentials, so the channel speaks (m)TLS where the control plane's
//   clusters say so (gRFC A29), plaintext elsewhere; insecure (default) always speaks plaintext.
// stdin:  {"id":"a","rpcs":1000,"concurrency":32,"timeoutMs":5000,"metadata":{"x-user":"tester"},"waitForReady":false,"rpcIdHeader":"x-rpc-id"}
//   rpcIdHeader: also send this header with a value unique to each RPC (retries repeat it)
//   staggerMs: start the concurrent workers this many ms apart
//   method: which method of e2e.Echo to call, "Who" (default) or "Admin" (see echo-service.js)
// stdout: {"event":"started",...} then per command
//         {"event":"batch","id":"a","rpcs":1000,"backends":{"v1":801,"v2":199},"statuses":{"OK":1000},"peers":{},"errors":[],"elapsedMs":..}
//   peers counts the client identity the backend saw on TLS connections ("" on plaintext)

const grpc = require('@grpc/grpc-js');
const xds = require('@grpc/grpc-js-xds');
const readline = require('readline');
const { parseArgs } = require('./args');
const { methods } = require('./echo-service');

const args = parseArgs(process.argv.slice(2), { target: '', creds: 'insecure' });
if (args.creds !== 'insecure' && args.creds !== 'xds') {
  throw new Error(`--creds ${args.creds}: expected insecure or xds`);
}
if (!args.target) {
  throw new Error('--target is required');
}
if (args.target.startsWith('xds:')) {
  // grpc-js-xds reports a bad bootstrap only as an opaque per-RPC resolution error; check it
  // up front so a broken harness fails with the real reason.
  try {
    require('@grpc/grpc-js-xds/build/src/xds-bootstrap').loadBootstrapInfo();
  } catch (e) {
    process.stdout.write(JSON.stringify({ event: 'error', error: `xDS bootstrap: ${e.message}` }) + '\n');
    process.exit(2);
  }
  xds.register();
}

const identity = (b) => b;
const credentials = args.creds === 'xds'
  ? new xds.XdsChannelCredentials(grpc.credentials.createInsecure())
  : grpc.credentials.createInsecure();
const client = new grpc.Client(args.target, credentials);
const statusNames = Object.fromEntries(Object.entries(grpc.status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));
const maxErrorsKept = 5;

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function callOnce(path, metadata, timeoutMs, waitForReady) {
  return new Promise((resolve) => {
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(metadata)) {
      md.set(k, String(v));
    }
    if (waitForReady) {
      md.setOptions({ waitForReady: true });
    }
    client.makeUnaryRequest(
      path,
      identity,
      identity,
      Buffer.alloc(0),
      md,
      { deadline: Date.now() + timeoutMs },
      (err, response) => {
        if (err) {
          resolve({ status: statusNames[err.code] ?? String(err.code), error: err.details || err.message });
          return;
        }
        let body;
        try {
          body = JSON.parse(response.toString('utf8'));
        } catch (e) {
          resolve({ status: 'BAD_RESPONSE', error: String(e) });
          return;
        }
        resolve({ status: 'OK', backend: body.backend, peer: body.peer ?? '' });
      });
  });
}

async function runBatch(cmd) {
  const rpcs = Number(cmd.rpcs ?? 1);
  const concurrency = Math.max(1, Number(cmd.concurrency ?? 32));
  const timeoutMs = Number(cmd.timeoutMs ?? 5000);
  const metadata = cmd.metadata ?? {};
  const method = cmd.method ?? 'Who';
  if (!methods.includes(method)) {
    return { event: 'error', error: `method ${method}: e2e.Echo has ${methods.join(', ')}` };
  }
  const path = `/e2e.Echo/${method}`;
  const result = { event: 'batch', id: cmd.id ?? null, rpcs, backends: {}, statuses: {}, peers: {}, errors: [] };
  const started = process.hrtime.bigint();
  let next = 0;
  async function worker() {
    while (next < rpcs) {
      next++;
      // The pid keeps ids unique across clients that share a backend.
      const rpcMetadata = cmd.rpcIdHeader ? { ...metadata, [cmd.rpcIdHeader]: `${process.pid}-${cmd.id}-${next}` } : metadata;
      const r = await callOnce(path, rpcMetadata, timeoutMs, Boolean(cmd.waitForReady));
      result.statuses[r.status] = (result.statuses[r.status] ?? 0) + 1;
      if (r.backend !== undefined) {
        result.backends[r.backend] = (result.backends[r.backend] ?? 0) + 1;
        result.peers[r.peer] = (result.peers[r.peer] ?? 0) + 1;
      }
      if (r.error && result.errors.length < maxErrorsKept && !result.errors.includes(`${r.status}: ${r.error}`)) {
        result.errors.push(`${r.status}: ${r.error}`);
      }
    }
  }
  // staggerMs: worker i starts i*staggerMs after the first, so RPCs begin one after another rather
  // than in one tick (a client counts an RPC as in flight only once it has started).
  const staggerMs = Number(cmd.staggerMs ?? 0);
  const delayed = (i) => (staggerMs > 0 ? new Promise((r) => setTimeout(r, i * staggerMs)).then(worker) : worker());
  await Promise.all(Array.from({ length: Math.min(concurrency, rpcs) }, (_, i) => delayed(i)));
  result.elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  return result;
}

// Commands run one after another, in order, so a test reads answers in the order it asked.
let queue = Promise.resolve();
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  queue = queue.then(async () => {
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch (e) {
      emit({ event: 'error', error: `not JSON: ${line}` });
      return;
    }
    emit(await runBatch(cmd));
  });
});
rl.on('close', () => {
  queue.then(() => {
    client.close();
    process.exit(0);
  });
});

emit({ event: 'started', client: 'node', target: args.target, creds: args.creds, grpcJs: require('@grpc/grpc-js/package.json').version, grpcJsXds: require('@grpc/grpc-js-xds/package.json').version });
