#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Both ends of the DSR tests' traffic.

  dsr_peer.py serve NAME PORT [VIP...]
      TCP on PORT (IPv4 and IPv6), UDP on PORT of each VIP: for each
      connection or datagram, answer "NAME SHA256-OF-WHAT-ARRIVED". Runs
      until killed. UDP is bound to the VIPs as a DSR server's must be: a
      wildcard socket would answer from the server's own address, which
      the client does not accept.

  dsr_peer.py talk tcp|udp VIP PORT COUNT SIZE [HOLD]
      COUNT exchanges from distinct source ports, each sending SIZE random
      bytes; checks every answer's digest. Prints one JSON line:
      {"ok": N, "bad": N, "servers": {"NAME": N, ...}}.

  dsr_peer.py hold VIP PORT COUNT SIZE DIR
      COUNT TCP connections each send half of SIZE bytes, then the tool
      creates DIR/ready and waits for DIR/go before sending the rest (the
      test moves the traffic meanwhile); prints the same JSON as talk.
"""
import hashlib
import json
import os
import selectors
import socket
import sys
import time


def serve(name, port, vips):
    sel = selectors.DefaultSelector()
    t = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    t.bind(("::", port))
    t.listen(512)
    t.setblocking(False)
    sel.register(t, selectors.EVENT_READ, "accept")
    for vip in vips:
        u = socket.socket(socket.AF_INET6 if ":" in vip else socket.AF_INET,
                          socket.SOCK_DGRAM)
        u.bind((vip, port))
        sel.register(u, selectors.EVENT_READ, "udp")
    conns = {}
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            if key.data == "accept":
                c, _ = s.accept()
                c.setblocking(False)
                conns[c] = hashlib.sha256()
                sel.register(c, selectors.EVENT_READ, "tcp")
            elif key.data == "udp":
                data, peer = s.recvfrom(65536)
                s.sendto(("%s %s" % (name, hashlib.sha256(data).hexdigest())).encode(), peer)
            else:
                try:
                    data = s.recv(65536)
                except ConnectionError:
                    data = None
                if data:
                    conns[s].update(data)
                    continue
                if data is not None:
                    s.setblocking(True)
                    s.sendall(("%s %s" % (name, conns[s].hexdigest())).encode())
                sel.unregister(s)
                del conns[s]
                s.close()


def recv_all(s):
    """Everything the server sends until it closes."""
    answer = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            return answer
        answer += chunk


def talk(proto, vip, port, count, size):
    fam = socket.AF_INET6 if ":" in vip else socket.AF_INET
    result = {"ok": 0, "bad": 0, "servers": {}}
    for _ in range(count):
        payload = os.urandom(size)
        want = hashlib.sha256(payload).hexdigest()
        try:
            if proto == "tcp":
                s = socket.create_connection((vip, port), timeout=3)
                s.sendall(payload)
                s.shutdown(socket.SHUT_WR)
                answer = recv_all(s)
            else:
                s = socket.socket(fam, socket.SOCK_DGRAM)
                s.settimeout(2)
                s.connect((vip, port))
                s.send(payload)
                answer = s.recv(4096)
            s.close()
            name, digest = answer.decode().split()
        except (OSError, ValueError):
            result["bad"] += 1
            if result["bad"] >= 10:
                break  # broken, not flaky: do not wait out every timeout
            continue
        if digest != want:
            result["bad"] += 1
            continue
        result["ok"] += 1
        result["servers"][name] = result["servers"].get(name, 0) + 1
    print(json.dumps(result))


def hold(vip, port, count, size, d):
    conns = []
    for _ in range(count):
        payload = os.urandom(size)
        s = socket.create_connection((vip, port), timeout=5)
        s.sendall(payload[:size // 2])
        conns.append((s, payload))
    open(os.path.join(d, "ready"), "w").close()
    while not os.path.exists(os.path.join(d, "go")):
        time.sleep(0.05)
    result = {"ok": 0, "bad": 0, "servers": {}}
    for s, payload in conns:
        try:
            s.sendall(payload[size // 2:])
            s.shutdown(socket.SHUT_WR)
            name, digest = recv_all(s).decode().split()
        except (OSError, ValueError):
            result["bad"] += 1
            continue
        if digest == hashlib.sha256(payload).hexdigest():
            result["ok"] += 1
            result["servers"][name] = result["servers"].get(name, 0) + 1
        else:
            result["bad"] += 1
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    elif len(sys.argv) == 7 and sys.argv[1] == "hold":
        hold(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    elif len(sys.argv) == 7 and sys.argv[1] == "talk":
        talk(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        sys.exit(__doc__)
