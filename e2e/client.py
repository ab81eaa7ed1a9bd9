"""A long-lived gRPC client using gRPC C-core's xDS implementation (Debian python3-grpcio).

It opens ONE channel to --target (normally xds:///host:port; the control plane comes from the
file named by GRPC_XDS_BOOTSTRAP) and runs batches of RPCs on it as told by JSON lines on stdin,
answering each with one JSON line on stdout; the same protocol as client.js, so a test can drive
both clients alike.

usage: /usr/bin/python3 client.py --target xds:///echo.default.svc.cluster.local:7070
stdin:  {"id":"a","rpcs":1000,"concurrency":32,"timeoutMs":5000,"metadata":{"x-user":"tester"},"rpcIdHeader":"x-rpc-id"}
        rpcIdHeader: also send this header with a value unique to each RPC (retries repeat it)
        staggerMs: start the concurrent RPCs this many ms apart
        method: which method of e2e.Echo to call, "Who" (default) or "Admin"
stdout: {"event":"started",...} then per command
        {"event":"batch","id":"a","rpcs":1000,"backends":{"v1":801,"v2":199},"statuses":{"OK":1000},"peers":{},...}
"""

import argparse
import json
import os
import sys
import threading
import time

import grpc

MAX_ERRORS_KEPT = 5
METHODS = ("Who", "Admin")  # the methods of e2e.Echo (e2e/echo-service.js)


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Batch:
    """Counts the outcome of one batch; futures complete on gRPC's threads, hence the lock."""

    def __init__(self, command):
        self.id = command.get("id")
        self.rpcs = int(command.get("rpcs", 1))
        self.concurrency = max(1, int(command.get("concurrency", 32)))
        self.timeout = float(command.get("timeoutMs", 5000)) / 1000.0
        self.metadata = tuple((str(k).lower(), str(v)) for k, v in command.get("metadata", {}).items())
        self.wait_for_ready = bool(command.get("waitForReady", False))
        self.rpc_id_header = command.get("rpcIdHeader")
        self.stagger = float(command.get("staggerMs", 0)) / 1000.0
        self.backends = {}
        self.peers = {}
        self.statuses = {}
        self.errors = []
        self.lock = threading.Lock()
        self.slots = threading.Semaphore(self.concurrency)
        self.done = threading.Event()
        self.finished = 0

    def metadata_for(self, index):
        if not self.rpc_id_header:
            return self.metadata
        # The pid keeps ids unique across clients that share a backend.
        return self.metadata + ((str(self.rpc_id_header).lower(), "%d-%s-%d" % (os.getpid(), self.id, index + 1)),)

    def record(self, status, backend=None, error=None, peer=""):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if backend is not None:
                self.backends[backend] = self.backends.get(backend, 0) + 1
                self.peers[peer] = self.peers.get(peer, 0) + 1
            if error is not None:
                text = "%s: %s" % (status, error)
                if len(self.errors) < MAX_ERRORS_KEPT and text not in self.errors:
                    self.errors.append(text)
            self.finished += 1
            if self.finished == self.rpcs:
                self.done.set()
        self.slots.release()

    def on_done(self, future):
        try:
            response = future.result()
        except grpc.RpcError as e:
            self.record(e.code().name, error=e.details())
            return
        except Exception as e:  # a cancelled future or a client-side failure
            self.record("CLIENT_ERROR", error=repr(e))
            return
        try:
            body = json.loads(response.decode("utf-8"))
            backend = body["backend"]
        except Exception as e:
            self.record("BAD_RESPONSE", error=repr(e))
            return
        self.record("OK", backend=backend, peer=body.get("peer") or "")


def run_batch(stubs, command):
    method = command.get("method", "Who")
    if method not in stubs:
        return {"event": "error", "error": "method %s: e2e.Echo has %s" % (method, ", ".join(METHODS))}
    call = stubs[method]
    batch = Batch(command)
    started = time.monotonic()
    if batch.rpcs <= 0:
        batch.done.set()
    for index in range(batch.rpcs):
        batch.slots.acquire()
        if batch.stagger > 0 and 0 < index < batch.concurrency:
            time.sleep(batch.stagger)
        future = call.future(
            b"", timeout=batch.timeout, metadata=batch.metadata_for(index), wait_for_ready=batch.wait_for_ready)
        future.add_done_callback(batch.on_done)
    batch.done.wait()
    return {
        "event": "batch",
        "id": batch.id,
        "rpcs": batch.rpcs,
        "backends": batch.backends,
        "statuses": batch.statuses,
        "peers": batch.peers,
        "errors": batch.errors,
        "elapsedMs": (time.monotonic() - started) * 1000.0,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    args = parser.parse_args()

    channel = grpc.insecure_channel(args.target)
    # No serializers: requests and responses stay raw bytes, so no .proto or codegen is needed.
    stubs = {method: channel.unary_unary("/e2e.Echo/" + method) for method in METHODS}
    emit({"event": "started", "client": "python", "target": args.target, "grpcio": grpc.__version__})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = json.loads(line)
        except ValueError:
            emit({"event": "error", "error": "not JSON: " + line.strip()})
            continue
        emit(run_batch(stubs, command))
    channel.close()


if __name__ == "__main__":
    main()
