#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Both ends of the DSR tests' traffic.

  dsr_peer.py serve NAME PORT [VIP...]
      TCP on PORT (IPv4 and IPv6), UDP on PORT of each VIP: for each
      connection or datagram, answer "NAME SHA256-OF-WHAT-ARRIVED". Runs
      until killed. UDP is bound to the VIPs as a DSR server's must be: a
      wildcard socket would answer from the server's own address, which
      the client does not accept.

  dsr_peer.py talk tcp|udp VIP PORT COUNT SIZE [SRC [SPORT]]
      COUNT exchanges from distinct source ports (of address SRC if
      given; all from port SPORT if given, which TCP may reuse at once
      as the client's TIME_WAIT is its own), each sending SIZE random
      bytes; checks every answer's digest. Prints one JSON line:
      {"ok": N, "bad": N, "servers": {"NAME": N, ...}}.

  dsr_peer.py hold VIP PORT COUNT SIZE DIR [TIMEOUT]
      COUNT TCP connections each send half of SIZE bytes, then the tool
      creates DIR/ready and waits for DIR/go before sending the rest (the
      test moves the traffic meanwhile); prints the same JSON as talk.
      The answers must all be in within TIMEOUT seconds (10) of DIR/go.
      Its JSON adds "errors": why each bad connection failed.

  dsr_peer.py flows VIP PORT FIRST COUNT [SRC]
      One UDP datagram from each source port FIRST..FIRST+COUNT-1, all in
      flight at once, so that a test can send the same flows again;
      answers are awaited for 2 s. Prints the JSON of talk plus "flows":
      {"PORT": "NAME" or null (no or a bad answer), ...}.

  dsr_peer.py ask VIP PORT SPORT
      One UDP exchange from source port SPORT; prints the name of the
      server that answered (the owner of that flow).

  dsr_peer.py pmtu VIP PORT SIZE
      SIZE-byte UDP datagrams with DF (IP_PMTUDISC_DO, IPV6_DONTFRAG) on a
      connected socket, one a second for up to 20 s, until the socket's
      path MTU drops (an ICMP frag-needed or packet-too-big came back).
      Prints {"before": MTU, "mtu": MTU, "answers": N}: the path MTU at
      the start and at the end, and how many datagrams a server answered.

  dsr_peer.py icmp VIP PORT CLIENT CPORT MTU
      Send to VIP an ICMP frag-needed (ICMPv6 packet-too-big) with next-hop
      MTU, about a UDP reply VIP:PORT -> CLIENT:CPORT, as a router on the
      reply path would. Needs CAP_NET_RAW.

  dsr_peer.py flood tcp|udp VIP PORT STOPFILE
      Exchanges one after the other until STOPFILE exists, each 100 bytes
      from a new source port; prints one line per exchange as it ends,
      "ok NAME" or "bad", and "done" when it stops.
"""
import errno
import hashlib
import json
import os
import selectors
import socket
import struct
import sys
import time

# Linux values; not every Python names them.
IP_MTU_DISCOVER, IP_PMTUDISC_DO, IP_MTU = 10, 2, 14
IPV6_MTU_DISCOVER, IPV6_PMTUDISC_DO, IPV6_MTU, IPV6_DONTFRAG = 23, 2, 24, 62


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


def talk(proto, vip, port, count, size, src=None, sport=0):
    fam = socket.AF_INET6 if ":" in vip else socket.AF_INET
    result = {"ok": 0, "bad": 0, "servers": {}}
    for _ in range(count):
        payload = os.urandom(size)
        want = hashlib.sha256(payload).hexdigest()
        try:
            if proto == "tcp":
                s = socket.socket(fam, socket.SOCK_STREAM)
                s.settimeout(3)
                if src or sport:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind((src or "", sport))
                s.connect((vip, port))
                s.sendall(payload)
                s.shutdown(socket.SHUT_WR)
                answer = recv_all(s)
            else:
                s = socket.socket(fam, socket.SOCK_DGRAM)
                s.settimeout(2)
                if src or sport:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind((src or "", sport))
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


def hold(vip, port, count, size, d, timeout=10.0):
    conns = []
    for _ in range(count):
        payload = os.urandom(size)
        s = socket.create_connection((vip, port), timeout=5)
        s.sendall(payload[:size // 2])
        conns.append((s, payload))
    open(os.path.join(d, "ready"), "w").close()
    while not os.path.exists(os.path.join(d, "go")):
        time.sleep(0.05)
    result = {"ok": 0, "bad": 0, "servers": {}, "errors": []}

    def bad(i, s, why):
        result["bad"] += 1
        result["errors"].append("%d (port %d): %s" % (i, s.getsockname()[1], why))

    # Every rest first, then every answer, all against one deadline: a
    # connection that was cut costs the timeout once, not once each.
    sent = []
    for i, (s, payload) in enumerate(conns):
        try:
            s.sendall(payload[size // 2:])
            s.shutdown(socket.SHUT_WR)
            sent.append((i, s, payload))
        except OSError as e:
            bad(i, s, "send: %r" % e)
    deadline = time.monotonic() + timeout
    for i, s, payload in sent:
        try:
            s.settimeout(max(deadline - time.monotonic(), 0.01))
            answer = recv_all(s)
            name, digest = answer.decode().split()
        except (OSError, ValueError) as e:
            bad(i, s, "answer: %r after %.1f s" % (e, time.monotonic() - deadline + timeout))
            continue
        if digest == hashlib.sha256(payload).hexdigest():
            result["ok"] += 1
            result["servers"][name] = result["servers"].get(name, 0) + 1
        else:
            bad(i, s, "%s's digest differs" % name)
    print(json.dumps(result))


def flows(vip, port, first, count, src=None):
    fam = socket.AF_INET6 if ":" in vip else socket.AF_INET
    sel = selectors.DefaultSelector()
    want = {}
    result = {"ok": 0, "bad": 0, "servers": {}, "flows": {}}
    for sport in range(first, first + count):
        payload = os.urandom(64)
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((src or ("::" if fam == socket.AF_INET6 else "0.0.0.0"), sport))
        s.connect((vip, port))
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, sport)
        want[sport] = hashlib.sha256(payload).hexdigest()
        result["flows"][str(sport)] = None
        s.send(payload)
    deadline = time.monotonic() + 2
    while want and time.monotonic() < deadline:
        for key, _ in sel.select(max(deadline - time.monotonic(), 0)):
            sport = key.data
            try:
                name, digest = key.fileobj.recv(4096).decode().split()
            except (OSError, ValueError):
                continue
            if sport in want and digest == want.pop(sport):
                result["flows"][str(sport)] = name
                result["ok"] += 1
                result["servers"][name] = result["servers"].get(name, 0) + 1
            sel.unregister(key.fileobj)
    result["bad"] = count - result["ok"]
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    print(json.dumps(result))


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def ask(vip, port, sport):
    fam = family(vip)
    for _ in range(5):
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", sport))
        s.settimeout(2)
        s.connect((vip, port))
        try:
            s.send(b"who")
            print(s.recv(4096).decode().split()[0])
            return
        except OSError:
            pass
        finally:
            s.close()
    sys.exit("no answer from %s:%d to source port %d" % (vip, port, sport))


def path_mtu(s):
    if s.family == socket.AF_INET6:
        return s.getsockopt(socket.IPPROTO_IPV6, IPV6_MTU)
    return s.getsockopt(socket.IPPROTO_IP, IP_MTU)


def pmtu(vip, port, size):
    s = socket.socket(family(vip), socket.SOCK_DGRAM)
    if s.family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_DO)
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_DONTFRAG, 1)
    else:
        s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO)
    s.connect((vip, port))
    s.settimeout(1)
    before, answers = path_mtu(s), 0
    deadline = time.monotonic() + 20
    while path_mtu(s) == before and time.monotonic() < deadline:
        try:
            s.send(os.urandom(size))
            s.recv(4096)
            answers += 1
        except socket.timeout:
            pass
        except OSError as e:
            # The ICMP error, reported on the connected socket.
            if e.errno != errno.EMSGSIZE:
                raise
    print(json.dumps({"before": before, "mtu": path_mtu(s), "answers": answers}))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    n = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while n >> 16:
        n = (n & 0xffff) + (n >> 16)
    return ~n & 0xffff


def icmp(vip, port, client, cport, mtu):
    """The error quotes the reply's IP header and UDP header, as routers do."""
    size = mtu + 100  # what the reply would have been: too big for mtu
    udp = struct.pack("!HHHH", port, cport, size - (40 if ":" in vip else 20) - 8, 0)
    if ":" in vip:
        ip6 = struct.pack("!IHBB16s16s", 6 << 28, size - 40, socket.IPPROTO_UDP, 64,
                          socket.inet_pton(socket.AF_INET6, vip),
                          socket.inet_pton(socket.AF_INET6, client))
        # The kernel fills in an ICMPv6 checksum.
        msg = struct.pack("!BBHI", 2, 0, 0, mtu) + ip6 + udp
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    else:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, size, 1, 0x4000, 64,
                         socket.IPPROTO_UDP, 0, socket.inet_aton(vip),
                         socket.inet_aton(client))
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
        body = struct.pack("!HH", 0, mtu) + ip + udp
        msg = struct.pack("!BBH", 3, 4, checksum(struct.pack("!BBH", 3, 4, 0) + body)) + body
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    s.sendto(msg, (vip, 0))


def flood(proto, vip, port, stop):
    fam = family(vip)
    while not os.path.exists(stop):
        try:
            if proto == "tcp":
                s = socket.create_connection((vip, port), timeout=1)
                s.sendall(b"x" * 100)
                s.shutdown(socket.SHUT_WR)
                answer = recv_all(s)
            else:
                s = socket.socket(fam, socket.SOCK_DGRAM)
                s.settimeout(1)
                s.connect((vip, port))
                s.send(b"x" * 100)
                answer = s.recv(4096)
            s.close()
            name = answer.decode().split()[0]
            print("ok", name, flush=True)
        except (OSError, ValueError, IndexError):
            print("bad", flush=True)
            time.sleep(0.05)  # a refused connection fails at once: no spin
    print("done", flush=True)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    elif len(sys.argv) in (7, 8) and sys.argv[1] == "hold":
        hold(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6],
             *[float(a) for a in sys.argv[7:]])
    elif len(sys.argv) in (7, 8, 9) and sys.argv[1] == "talk":
        talk(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]),
             *sys.argv[7:8], *[int(a) for a in sys.argv[8:]])
    elif len(sys.argv) in (6, 7) and sys.argv[1] == "flows":
        flows(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), *sys.argv[6:])
    elif len(sys.argv) == 5 and sys.argv[1] == "ask":
        ask(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 5 and sys.argv[1] == "pmtu":
        pmtu(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 7 and sys.argv[1] == "icmp":
        icmp(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    elif len(sys.argv) == 6 and sys.argv[1] == "flood":
        flood(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        sys.exit(__doc__)
