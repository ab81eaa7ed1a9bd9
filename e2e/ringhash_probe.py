"""Does this gRPC C-core survive a ring_hash channel? The smallest reproduction of the python3-grpcio
1.51.1 crash described in docs/DESIGN.md: no xDS, no server, one channel whose LB policy is
ring_hash_experimental. On C-core 1.51.1 the process dies with SIGSEGV as soon as the policy replaces
its first picker (the subchannels' initial IDLE reports do that); a fixed core prints "survived".

usage: /usr/bin/python3 ringhash_probe.py [policy]   (policy: ring_hash_experimental, the default,
       or round_robin as the control that must survive on any core)
"""

import json
import sys

import grpc

policy = sys.argv[1] if len(sys.argv) > 1 else "ring_hash_experimental"
config = json.dumps({"loadBalancingConfig": [{policy: {}}]})
# Port 1 on loopback: nothing listens, so the RPC ends quickly; the crash does not need a backend.
channel = grpc.insecure_channel("ipv4:127.0.0.1:1", options=[("grpc.service_config", config)])
try:
    channel.unary_unary("/e2e.Echo/Who")(b"", timeout=2)
except grpc.RpcError as error:
    print(f"rpc ended: {error.code().name}", flush=True)
channel.close()
print(f"survived: {policy} on grpcio {grpc.__version__}", flush=True)
