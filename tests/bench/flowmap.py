#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Flow -> server maps for measures 6 and 7 (run in the VM), and a helper.

  flowmap.py lbdr < `lbadm -j conn show`     "CLIENT:PORT SERVER" lines
  flowmap.py ipvs < /proc/net/ip_vs_conn     the same from IPVS's table
  flowmap.py compare A B [REMOVED]           JSON fields: how many flows of
                                             map A are on another server in B
  flowmap.py conn-count < `lbadm -j stats`   the netns's conn_count
"""
import json
import socket
import struct
import sys


def find(obj, key):
    """The first value of KEY anywhere in a JSON document."""
    if isinstance(obj, dict):
        if key in obj:
            return obj[key]
        obj = list(obj.values())
    if isinstance(obj, list):
        for v in obj:
            r = find(v, key)
            if r is not None:
                return r
    return None


def hexip(h):
    return socket.inet_ntoa(struct.pack("!I", int(h, 16)))


def load(path):
    with open(path) as f:
        return dict(line.split() for line in f if line.strip())


cmd = sys.argv[1]
if cmd == "conn-count":
    n = find(json.load(sys.stdin), "conn_count")
    if n is None:
        sys.exit("flowmap: no conn_count in lbadm's stats")
    print(n)
elif cmd == "lbdr":
    for c in json.load(sys.stdin):
        if c.get("state") != "template":
            print(f"{c['client']}:{c['cport']} {c['server']}")
elif cmd == "ipvs":
    # Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires ...
    for line in sys.stdin:
        f = line.split()
        if len(f) >= 7 and f[0] in ("TCP", "UDP"):
            print(f"{hexip(f[1])}:{int(f[2], 16)} {hexip(f[5])}")
elif cmd == "compare":
    a, b = load(sys.argv[2]), load(sys.argv[3])
    removed = sys.argv[4] if len(sys.argv) > 4 else None
    common = [k for k in a if k in b]
    moved = [k for k in common if a[k] != b[k]]
    on_removed = [k for k in common if a[k] == removed]
    per = {}
    for k in a:
        per[a[k]] = per.get(a[k], 0) + 1
    avg = len(a) / len(per) if per else 0
    print(json.dumps({
        "flows_a": len(a), "flows_b": len(b), "common": len(common),
        "moved": len(moved), "on_removed": len(on_removed),
        "moved_others": len([k for k in moved if a[k] != removed]),
        "servers_a": len(per),
        "flows_max_over_avg": round(max(per.values()) / avg, 5) if avg else None,
    })[1:-1])
else:
    sys.exit(f"flowmap: unknown command {cmd}")
