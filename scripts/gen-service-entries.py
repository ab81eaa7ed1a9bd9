#!/usr/bin/env python3
"""Writes N ServiceEntries (one host and port each) into one YAML file.

Used to measure how long a push takes when N ServiceEntries are added at once (issue 13, finding 9).
Usage: gen-service-entries.py OUT.yaml N
"""
import sys

out, n = sys.argv[1], int(sys.argv[2])
with open(out, "w") as f:
    for i in range(n):
        f.write(f"---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: se-{i}\n  namespace: ns-{i % 20}\n"
                f"spec:\n  hosts: [svc-{i}.example]\n  ports: [{{number: 80, name: http, protocol: HTTP}}]\n"
                f"  resolution: STATIC\n  endpoints: [{{address: 10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}}}]\n")
