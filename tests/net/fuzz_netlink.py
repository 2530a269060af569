#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the lbdr generic netlink family with raw AF_NETLINK messages.

  fuzz_netlink.py [fuzz] [--seconds S] [--seed N] [--expect-eperm]
                  [--check P] [--log-dir DIR] [--known SPEC]
  fuzz_netlink.py traffic --seconds S      (packets to the fuzz VIPs)
  fuzz_netlink.py replay FILE              (resend a reproducer)

Run by tests/net/fuzz.sh (which explains where and as whom); FUZZ_SECONDS
and FUZZ_SEED in the environment stand for --seconds and --seed.

What is sent
------------
The command, attribute and enum numbers are read from the uapi header
(include/uapi/linux/lbdr.h), not copied. A corpus of valid requests for
every command (keys from a small pool: VIPs, ports, fwmarks, real servers
on the namespace's connected network and off it) is built, then most
requests are mutated, at the attribute level (dropped, duplicated,
retyped, NLA_F_NESTED toggled, payloads random, truncated, extended or at
integer boundaries, nests flattened, leaves made nests, attributes moved
between nests, nesting 2..40 deep, unknown attributes, empty nests, huge
payloads) and at the byte level (nlmsg_len and nla_len lies, truncation,
trailing garbage, bit flips, genl version/reserved/cmd), with random flags
(NLM_F_DUMP on every command, ACK, ECHO, no REQUEST). Also: random commands
0..255, random bodies, batches of several requests in one send, restore
transactions (BEGIN, staged writes from the owner and from other sockets,
COMMIT, ABORT, or the owner closed mid-way), dumps abandoned half read by
closing the socket, sockets with tiny receive buffers and with
NETLINK_GET_STRICT_CHK, EXT_ACK and CAP_ACK on or off, and a socket
subscribed to the "events" group that is read only now and then.
Message types other than the lbdr family's are never sent (other families
are not ours to fuzz), except control types below NLMSG_MIN_TYPE.

What is checked (a failure stops the run, exit status 1)
--------------------------------------------------------
- every request is answered: after each send a NLMSG_NOOP barrier with
  NLM_F_ACK must be acknowledged within --timeout seconds (a hang);
- every reply, dump part and event is well-formed netlink: lengths, the
  nlmsgerr and its extack TLVs, and the lbdr attributes nested as the
  header says (a service has its key, an address fits its family);
- --expect-eperm (no CAP_NET_ADMIN over the namespace): no request of a
  command that changes state is accepted, whatever its content;
- otherwise, for a sample (--check, 0..1) of the single requests that
  change state: a refused request changes nothing (the namespace's
  services, servers and settings dumped before and after, counters left
  out) and multicasts no event;
- as root: nothing new in the kernel log matching what
  tests/vm/scan-kernel-log looks for (read from /dev/kmsg as it happens).

Every send is logged (hex, socket, seed) in --log-dir, the last few
thousand kept; on a failure the ops since the last good state go to
DIR/repro-PID.jsonl, which "replay" sends again. A JSON summary (counts,
errno per command, extack messages seen) is the last line printed.
"""
import argparse
import errno
import json
import os
import random
import re
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
UAPI_H = os.path.join(HERE, "..", "..", "include", "uapi", "linux", "lbdr.h")

# --- netlink constants (linux/netlink.h, linux/genetlink.h) -----------------
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NETLINK_GET_STRICT_CHK = 12
NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN = 1, 2, 3, 4
NLMSG_MIN_TYPE = 16
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 1, 2, 4, 8
NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED = 0x10, 0x20
NLM_F_ROOT, NLM_F_MATCH = 0x100, 0x200
NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
NLA_F_NESTED, NLA_F_NET_BYTEORDER = 0x8000, 0x4000
NLA_TYPE_MASK = 0x3fff
GENL_ID_CTRL = 16
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2
AF_INET, AF_INET6 = 2, 10
IPPROTO_TCP, IPPROTO_UDP = 6, 17

# What tests/vm/scan-kernel-log calls a kernel bug.
KMSG_BAD = re.compile(
    r"WARNING:|BUG:|Oops|general protection fault|KASAN:|UBSAN:|"
    r"possible circular locking|possible recursive locking|"
    r"inconsistent lock state|suspicious RCU usage|lock held when returning|"
    r"INFO: rcu_.* stall|INFO: task .* blocked|Kernel panic|"
    r"refcount_t:|list_add corruption|list_del corruption|ODEBUG:|"
    r"kmemleak: .* new suspected memory leaks")


# --- the uapi header ----------------------------------------------------------

def parse_uapi(path):
    """Every #define of a number or string and every enum constant of @path."""
    with open(path) as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    names = {}
    for m in re.finditer(r"^#define[ \t]+(\w+)[ \t]+(.+)$", text, flags=re.M):
        value = m.group(2).strip()
        try:
            if re.fullmatch(r'"[^"\\]*"', value):
                names[m.group(1)] = value[1:-1]
            else:
                names[m.group(1)] = int(eval(value, {}, dict(names)))
        except Exception:
            pass
    for m in re.finditer(r"enum\s+\w*\s*\{(.*?)\}", text, flags=re.S):
        value = -1
        for item in m.group(1).split(","):
            item = item.strip()
            if not item:
                continue
            if "=" in item:
                name, expr = (s.strip() for s in item.split("=", 1))
                value = int(eval(expr, {}, dict(names)))
            else:
                name = item
                value += 1
            names[name] = value
    return names


class Uapi:
    def __init__(self, path):
        self.__dict__.update(parse_uapi(path))

    def by_prefix(self, prefix):
        """{value: name} of the constants starting with @prefix (no __MAX)."""
        return {v: k for k, v in self.__dict__.items()
                if k.startswith(prefix) and not k.endswith("_MAX") and isinstance(v, int)}


U = Uapi(UAPI_H)

# Commands that change state (GENL_UNS_ADMIN_PERM), and the read-only ones.
READ_CMDS = {U.LBDR_CMD_INFO_GET, U.LBDR_CMD_CONFIG_GET, U.LBDR_CMD_SERVICE_GET,
             U.LBDR_CMD_STATS_GET, U.LBDR_CMD_CONN_GET}
ADMIN_CMDS = set(range(1, U.LBDR_CMD_MAX + 1)) - READ_CMDS
DUMP_CMDS = {U.LBDR_CMD_SERVICE_GET, U.LBDR_CMD_CONN_GET}
CMD_NAMES = U.by_prefix("LBDR_CMD_")


def cmd_name(cmd):
    return CMD_NAMES.get(cmd, "CMD_%d" % cmd)[len("LBDR_"):] if cmd in CMD_NAMES \
        else "CMD_%d" % cmd


# --- attributes ---------------------------------------------------------------

class Attr:
    """A netlink attribute: a leaf (payload) or a nest (kids)."""
    __slots__ = ("type", "payload", "kids", "flags", "len_delta")

    def __init__(self, atype, payload=b"", kids=None, flags=0):
        self.type = atype
        self.payload = payload
        self.kids = kids
        self.flags = flags
        self.len_delta = 0      # nla_len lie

    def copy(self):
        a = Attr(self.type, self.payload,
                 None if self.kids is None else [k.copy() for k in self.kids],
                 self.flags)
        a.len_delta = self.len_delta
        return a

    def encode(self, offsets=None, base=0):
        if self.kids is not None:
            body = b""
            for k in self.kids:
                body += k.encode(offsets, base + 4 + len(body))
        else:
            body = self.payload
        if offsets is not None:
            offsets.append(base)
        ln = (4 + len(body) + self.len_delta) & 0xffff
        hdr = struct.pack("=HH", ln, (self.type | self.flags) & 0xffff)
        return hdr + body + b"\0" * ((4 - len(body) % 4) % 4)


def leaf(t, payload):
    return Attr(t, payload)


def u8(t, v):
    return Attr(t, struct.pack("=B", v & 0xff))


def u16(t, v):
    return Attr(t, struct.pack("=H", v & 0xffff))


def u32(t, v):
    return Attr(t, struct.pack("=I", v & 0xffffffff))


def flag(t):
    return Attr(t, b"")


def nest(t, *kids):
    return Attr(t, kids=list(kids), flags=NLA_F_NESTED)


def walk(attrs, parent=None):
    """Every (list, index, attr) of the tree, depth first."""
    for i, a in enumerate(attrs):
        yield attrs, i, a
        if a.kids is not None:
            yield from walk(a.kids, a)


class Msg:
    """One request: genl header, attributes and header-level lies."""

    def __init__(self, cmd, attrs=(), flags=NLM_F_REQUEST | NLM_F_ACK):
        self.cmd = cmd
        self.version = U.LBDR_GENL_VERSION
        self.reserved = 0
        self.flags = flags
        self.attrs = list(attrs)
        self.raw_body = None        # bytes after the genl header, if set
        self.byte_muts = []         # functions bytes -> bytes
        self.ntype = None           # nlmsg_type other than the family's
        self.note = ""

    def encode(self, family, seq, pid=0):
        offsets = []
        if self.raw_body is not None:
            body = self.raw_body
        else:
            body = b""
            for a in self.attrs:
                body += a.encode(offsets, 20 + len(body))
        genl = struct.pack("=BBH", self.cmd & 0xff, self.version & 0xff,
                           self.reserved & 0xffff)
        ntype = family if self.ntype is None else self.ntype
        data = struct.pack("=IHHII", 20 + len(body), ntype, self.flags & 0xffff,
                           seq, pid) + genl + body
        for m in self.byte_muts:
            data = m(data, offsets)
        return data


# --- netlink parsing (of what the kernel sends) -------------------------------

class Malformed(Exception):
    pass


def parse_attrs(data, where):
    """[(type, flags, payload)] of a TLV chain, which must be exact."""
    out = []
    off = 0
    while off < len(data):
        if len(data) - off < 4:
            raise Malformed("%s: %d stray bytes after the attributes" % (where, len(data) - off))
        ln, typ = struct.unpack_from("=HH", data, off)
        if ln < 4 or off + ln > len(data):
            raise Malformed("%s: attribute type %d length %d at %d of %d"
                            % (where, typ & NLA_TYPE_MASK, ln, off, len(data)))
        out.append((typ & NLA_TYPE_MASK, typ & ~NLA_TYPE_MASK, data[off + 4:off + ln]))
        off += (ln + 3) & ~3
        if off > len(data) and off - len(data) < 4:
            off = len(data)     # the last attribute's padding may be left out
    return out


def attr_map(attrs):
    m = {}
    for t, _, p in attrs:
        m.setdefault(t, []).append(p)
    return m


INT_LEN = {}


def _ints():
    for n in ("FAMILY", "PORT"):
        INT_LEN[("svc", getattr(U, "LBDR_SVC_A_" + n))] = 2
    for n in ("PROTO", "SCHED", "HASH", "PERSIST_MASK", "SLOPPY", "ON_REMOVE"):
        INT_LEN[("svc", getattr(U, "LBDR_SVC_A_" + n))] = 1
    for n in ("FWMARK", "TABLE_SIZE", "PERSIST"):
        INT_LEN[("svc", getattr(U, "LBDR_SVC_A_" + n))] = 4
    for n in ("WEIGHT", "UTHRESHOLD", "LTHRESHOLD"):
        INT_LEN[("srv", getattr(U, "LBDR_SRV_A_" + n))] = 4
    INT_LEN[("srv", U.LBDR_SRV_A_METHOD)] = 1
    # Tunnel attributes, where the header has them.
    for n, size in (("FAMILY", 2), ("TUN_PORT", 2), ("TUN_CSUM", 1)):
        if hasattr(U, "LBDR_SRV_A_" + n):
            INT_LEN[("srv", getattr(U, "LBDR_SRV_A_" + n))] = size
    for v in U.by_prefix("LBDR_CONFIG_A_"):
        if v:
            INT_LEN[("cfg", v)] = 4
    # The default tunnel sources are addresses, not u32s.
    if hasattr(U, "LBDR_CONFIG_A_TUN_SRC6"):
        INT_LEN[("cfg", U.LBDR_CONFIG_A_TUN_SRC6)] = 16
    for n in ("CONN_MAX_LIMIT", "CONN_MAX_DEFAULT", "TIMEOUT_MAX"):
        INT_LEN[("info", getattr(U, "LBDR_INFO_A_" + n))] = 4
    for n in ("CONNS", "PACKETS", "BYTES", "CPS", "PPS", "BPS"):
        INT_LEN[("stats", getattr(U, "LBDR_STATS_A_" + n))] = 8
    for n in ("ACTIVE", "INACTIVE", "CONN_COUNT"):
        INT_LEN[("stats", getattr(U, "LBDR_STATS_A_" + n))] = 4
    INT_LEN[("conn", U.LBDR_CONN_A_FAMILY)] = 2
    for n in ("PROTO", "STATE"):
        INT_LEN[("conn", getattr(U, "LBDR_CONN_A_" + n))] = 1
    for n in ("CPORT", "VPORT"):
        INT_LEN[("conn", getattr(U, "LBDR_CONN_A_" + n))] = 2
    for n in ("EXPIRES", "FWMARK"):
        INT_LEN[("conn", getattr(U, "LBDR_CONN_A_" + n))] = 4


_ints()


def check_ints(kind, attrs, where):
    for t, _, p in attrs:
        want = INT_LEN.get((kind, t))
        if want is not None and len(p) != want:
            raise Malformed("%s: %s attribute %d of %d bytes, not %d"
                            % (where, kind, t, len(p), want))


def check_stats(payload, where):
    attrs = parse_attrs(payload, where + " stats")
    check_ints("stats", attrs, where + " stats")
    for t, _, p in attrs:
        if t == U.LBDR_STATS_A_DROP:
            for dt, _, dp in parse_attrs(p, where + " drop"):
                if len(dp) != 8 and not (dt == U.LBDR_DROP_UNSPEC and not dp):
                    raise Malformed("%s: drop counter %d of %d bytes" % (where, dt, len(dp)))


def get_int(payload):
    return int.from_bytes(payload, sys.byteorder)


def check_server(payload, family, where):
    attrs = parse_attrs(payload, where)
    check_ints("srv", attrs, where)
    m = attr_map(attrs)
    # A tunnel's endpoint may be of the other family, which it then names.
    own = m.get(getattr(U, "LBDR_SRV_A_FAMILY", None))
    if own:
        family = get_int(own[0])
    addr = m.get(U.LBDR_SRV_A_ADDR)
    if not addr or len(addr[0]) != (16 if family == AF_INET6 else 4):
        raise Malformed("%s: server address missing or not of family %d" % (where, family))
    for p in m.get(U.LBDR_SRV_A_STATS, []):
        check_stats(p, where)


def check_service(payload, where, servers_as=None):
    attrs = parse_attrs(payload, where)
    check_ints("svc", attrs, where)
    m = attr_map(attrs)
    if U.LBDR_SVC_A_FAMILY not in m:
        raise Malformed("%s: service without family" % where)
    family = get_int(m[U.LBDR_SVC_A_FAMILY][0])
    if family not in (AF_INET, AF_INET6):
        raise Malformed("%s: service family %d" % (where, family))
    if U.LBDR_SVC_A_FWMARK in m:
        if any(t in m for t in (U.LBDR_SVC_A_PROTO, U.LBDR_SVC_A_ADDR, U.LBDR_SVC_A_PORT)):
            raise Malformed("%s: fwmark service with an address key" % where)
    else:
        for t in (U.LBDR_SVC_A_PROTO, U.LBDR_SVC_A_ADDR, U.LBDR_SVC_A_PORT):
            if t not in m:
                raise Malformed("%s: service key without attribute %d" % (where, t))
        if len(m[U.LBDR_SVC_A_ADDR][0]) != (16 if family == AF_INET6 else 4):
            raise Malformed("%s: VIP length does not match family" % where)
    for p in m.get(U.LBDR_SVC_A_SERVER, []):
        check_server(p, family, where + " server")
    for p in m.get(U.LBDR_SVC_A_STATS, []):
        check_stats(p, where)
    return family


def check_lbdr_msg(body, where):
    """A message of the family: genl header and attributes."""
    if len(body) < 4:
        raise Malformed("%s: no genl header" % where)
    cmd = body[0]
    attrs = parse_attrs(body[4:], where)
    m = attr_map(attrs)
    family = None
    for p in m.get(U.LBDR_A_SERVICE, []):
        family = check_service(p, "%s service" % where)
    for p in m.get(U.LBDR_A_SERVER, []):
        if family is None:
            raise Malformed("%s: server without its service" % where)
        check_server(p, family, where + " server")
    for p in m.get(U.LBDR_A_CONFIG, []):
        check_ints("cfg", parse_attrs(p, where + " config"), where + " config")
    for p in m.get(U.LBDR_A_INFO, []):
        check_ints("info", parse_attrs(p, where + " info"), where + " info")
    for p in m.get(U.LBDR_A_STATS, []):
        check_stats(p, where)
    for p in m.get(U.LBDR_A_CONN, []):
        ca = parse_attrs(p, where + " conn")
        check_ints("conn", ca, where + " conn")
    for p in m.get(U.LBDR_A_COUNT, []):
        if len(p) != 4:
            raise Malformed("%s: count of %d bytes" % (where, len(p)))
    return cmd, m


def parse_error(msg, flags):
    """(errno, extack message or None) of a NLMSG_ERROR message."""
    if len(msg) < 20:
        raise Malformed("NLMSG_ERROR of %d bytes" % len(msg))
    err = -struct.unpack_from("=i", msg, 16)[0]
    if err < 0 or err > 4095:
        raise Malformed("NLMSG_ERROR with error %d" % -err)
    if len(msg) < 36:
        raise Malformed("NLMSG_ERROR without the request's header (%d bytes)" % len(msg))
    olen = struct.unpack_from("=I", msg, 20)[0]
    off = 36 if (flags & NLM_F_CAPPED) or err == 0 else 20 + olen
    off = (off + 3) & ~3
    text = None
    if flags & NLM_F_ACK_TLVS:
        if off > len(msg):
            raise Malformed("extack TLVs past the message (%d > %d)" % (off, len(msg)))
        for t, _, p in parse_attrs(msg[off:], "extack"):
            if t == NLMSGERR_ATTR_MSG:
                if not p.endswith(b"\0"):
                    raise Malformed("extack message without its NUL")
                text = p[:-1].decode(errors="replace")
    return err, text


# --- sockets ------------------------------------------------------------------

class Sock:
    def __init__(self, fz, idx, opts=None):
        self.fz = fz
        self.idx = idx
        rng = fz.rng
        self.opts = opts or {
            "ext_ack": rng.random() < 0.85,
            "cap_ack": rng.random() < 0.3,
            "strict": rng.random() < 0.5,
            "rcvbuf": rng.choice([0, 0, 0, 2048, 4096, 16384]),
        }
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        o = self.opts
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, int(o["ext_ack"]))
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, int(o["cap_ack"]))
        try:
            self.s.setsockopt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, int(o["strict"]))
        except OSError:
            pass
        if o["rcvbuf"]:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, o["rcvbuf"])
        self.s.bind((0, 0))
        self.s.settimeout(fz.args.timeout)
        self.pending_dumps = set()
        fz.log({"op": "open", "sock": idx, "opts": self.opts})

    def close(self):
        self.fz.log({"op": "close", "sock": self.idx})
        self.s.close()


def genl_family(name):
    """The family id and multicast groups {name: id} of @name, or None."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.bind((0, 0))
    s.settimeout(10)
    nm = name.encode() + b"\0"
    body = struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0) + \
        struct.pack("=HH", 4 + len(nm), CTRL_ATTR_FAMILY_NAME) + nm + \
        b"\0" * ((4 - len(nm) % 4) % 4)
    s.send(struct.pack("=IHHII", 16 + len(body), GENL_ID_CTRL, NLM_F_REQUEST, 1, 0) + body)
    data = s.recv(65536)
    s.close()
    ln, typ = struct.unpack_from("=IH", data, 0)
    if typ == NLMSG_ERROR:
        return None, {}
    fid = None
    groups = {}
    for t, _, p in parse_attrs(data[20:ln], "ctrl"):
        if t == CTRL_ATTR_FAMILY_ID:
            fid = struct.unpack_from("=H", p)[0]
        elif t == CTRL_ATTR_MCAST_GROUPS:
            for _, _, g in parse_attrs(p, "mcgrps"):
                gm = attr_map(parse_attrs(g, "mcgrp"))
                gname = gm[CTRL_ATTR_MCAST_GRP_NAME][0].rstrip(b"\0").decode()
                groups[gname] = struct.unpack_from("=I", gm[CTRL_ATTR_MCAST_GRP_ID][0])[0]
    return fid, groups


# --- the corpus of valid requests ---------------------------------------------

def ip4(s):
    return socket.inet_pton(socket.AF_INET, s)


def ip6(s):
    return socket.inet_pton(socket.AF_INET6, s)


class Pool:
    """Keys the valid requests use (fuzz.sh's topology: see there)."""
    vips = [(AF_INET, ip4("192.0.2.1")), (AF_INET, ip4("192.0.2.2")),
            (AF_INET6, ip6("2001:db8:2::1")), (AF_INET, ip4("198.51.100.10"))]
    ports = [80, 53, 0, 443]
    fwmarks = [1, 2, 7]
    # On the connected network of the fuzz namespace (10.99.0.0/24 and
    # 2001:db8:99::/64), of the known one (10.98.0.0/24), and off-link.
    servers = {AF_INET: [ip4("10.99.0.%d" % i) for i in range(2, 6)] +
               [ip4("10.98.0.2"), ip4("10.200.0.1")],
               AF_INET6: [ip6("2001:db8:99::%d" % i) for i in range(2, 6)] +
               [ip6("2001:db8:200::1")]}
    tables = [251, 251, 251, 509, 1021, 65537, 65537, 655373]
    # Tunnels' outer sources: the namespace's own, and one that is not.
    tun_src = {AF_INET: [ip4("10.99.0.1"), ip4("10.98.0.1"), ip4("10.77.0.1"), ip4("0.0.0.0")],
               AF_INET6: [ip6("2001:db8:99::1"), ip6("2001:db8:77::1"), ip6("::")]}


class Gen:
    def __init__(self, rng, conn_max_limit):
        self.rng = rng
        self.conn_max_limit = conn_max_limit or 1 << 20
        # Keys of services lately created: requests on servers and services
        # mostly name one, or nearly all would be refused with ENOENT.
        self.live = []

    def remember(self, svc):
        fam, key = svc
        sig = b"".join(a.encode() for a in key)
        if all(sig != old for _, _, old in self.live):
            self.live = self.live[-15:] + [(fam, key, sig)]

    def svc_key(self, existing=False):
        r = self.rng
        if existing and self.live and r.random() < 0.7:
            fam, key, _ = r.choice(self.live)
            return fam, [a.copy() for a in key]
        if r.random() < 0.25:
            fam = r.choice([AF_INET, AF_INET6])
            return fam, [u16(U.LBDR_SVC_A_FAMILY, fam),
                         u32(U.LBDR_SVC_A_FWMARK, r.choice(Pool.fwmarks))]
        fam, addr = r.choice(Pool.vips)
        return fam, [u16(U.LBDR_SVC_A_FAMILY, fam),
                     u8(U.LBDR_SVC_A_PROTO, r.choice([IPPROTO_TCP, IPPROTO_UDP])),
                     leaf(U.LBDR_SVC_A_ADDR, addr),
                     u16(U.LBDR_SVC_A_PORT, r.choice(Pool.ports))]

    def svc_opts(self, fam):
        r = self.rng
        opts = [
            lambda: u8(U.LBDR_SVC_A_SCHED, r.randint(0, U.LBDR_SCHED_SH)),
            lambda: u32(U.LBDR_SVC_A_TABLE_SIZE, r.choice(Pool.tables)),
            lambda: u8(U.LBDR_SVC_A_HASH, r.randint(0, U.LBDR_HASH_SADDR)),
            lambda: u32(U.LBDR_SVC_A_PERSIST, r.choice([0, 1, 300, U.LBDR_TIMEOUT_MAX])),
            lambda: u8(U.LBDR_SVC_A_PERSIST_MASK,
                       r.randint(0, 128 if fam == AF_INET6 else 32)),
            lambda: u8(U.LBDR_SVC_A_SLOPPY, r.randint(0, 1)),
            lambda: u8(U.LBDR_SVC_A_ON_REMOVE, r.randint(0, U.LBDR_ON_REMOVE_DROP)),
        ]
        if hasattr(U, "LBDR_SVC_A_TUN_SRC4"):
            opts += [
                lambda: leaf(U.LBDR_SVC_A_TUN_SRC4, r.choice(Pool.tun_src[AF_INET])),
                lambda: leaf(U.LBDR_SVC_A_TUN_SRC6, r.choice(Pool.tun_src[AF_INET6])),
            ]
        out = [f() for f in opts if r.random() < 0.35]
        # A big table is slow to build on the debug kernel: mostly small.
        if not any(a.type == U.LBDR_SVC_A_TABLE_SIZE for a in out) and r.random() < 0.7:
            out.append(u32(U.LBDR_SVC_A_TABLE_SIZE, 251))
        return out

    def srv(self, fam, opts=True):
        r = self.rng
        tunnels = hasattr(U, "LBDR_METHOD_GUE")
        kids = []
        # A tunnel's server may be of the other family, named by FAMILY.
        if tunnels and r.random() < 0.3:
            fam = AF_INET6 if fam == AF_INET else AF_INET
            kids.append(u16(U.LBDR_SRV_A_FAMILY, fam))
        kids.append(leaf(U.LBDR_SRV_A_ADDR, r.choice(Pool.servers[fam])))
        if opts:
            u = r.choice([0, 0, 10, 1000])
            top = U.LBDR_METHOD_GUE if tunnels else U.LBDR_METHOD_DR
            cands = [
                lambda: u32(U.LBDR_SRV_A_WEIGHT, r.choice([0, 1, 7, U.LBDR_WEIGHT_MAX])),
                lambda: u8(U.LBDR_SRV_A_METHOD, r.randint(0, top)),
                lambda: u32(U.LBDR_SRV_A_UTHRESHOLD, u),
                lambda: u32(U.LBDR_SRV_A_LTHRESHOLD, r.choice([0, u // 2, u])),
            ]
            if tunnels:
                cands += [lambda: u16(U.LBDR_SRV_A_TUN_PORT, r.choice([6080, 1, 65535])),
                          lambda: u8(U.LBDR_SRV_A_TUN_CSUM, r.randint(0, 1))]
            kids += [f() for f in cands if r.random() < 0.4]
        return nest(U.LBDR_A_SERVER, *kids)

    def config(self):
        r = self.rng
        cands = [lambda: u32(U.LBDR_CONFIG_A_CONN_MAX,
                             r.choice([1, 100, 10000, self.conn_max_limit]))]
        for t in (U.LBDR_CONFIG_A_TIMEOUT_TCP, U.LBDR_CONFIG_A_TIMEOUT_TCP_SYN,
                  U.LBDR_CONFIG_A_TIMEOUT_TCP_FIN, U.LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE,
                  U.LBDR_CONFIG_A_TIMEOUT_UDP):
            cands.append(lambda t=t: u32(t, r.choice([1, 10, 300, U.LBDR_TIMEOUT_MAX])))
        if hasattr(U, "LBDR_CONFIG_A_TUN_SRC4"):
            cands += [
                lambda: leaf(U.LBDR_CONFIG_A_TUN_SRC4, r.choice(Pool.tun_src[AF_INET])),
                lambda: leaf(U.LBDR_CONFIG_A_TUN_SRC6, r.choice(Pool.tun_src[AF_INET6])),
            ]
        return nest(U.LBDR_A_CONFIG, *[f() for f in cands if r.random() < 0.4])

    def conn_filter(self):
        r = self.rng
        fam, addr = r.choice(Pool.vips)
        cands = [
            lambda: u16(U.LBDR_CONN_A_FAMILY, fam),
            lambda: u8(U.LBDR_CONN_A_PROTO, r.choice([IPPROTO_TCP, IPPROTO_UDP])),
            lambda: leaf(U.LBDR_CONN_A_VADDR, addr),
            lambda: u16(U.LBDR_CONN_A_VPORT, r.choice(Pool.ports)),
            lambda: leaf(U.LBDR_CONN_A_SERVER, r.choice(Pool.servers[fam])),
            lambda: leaf(U.LBDR_CONN_A_CADDR,
                         ip4("10.99.0.100") if fam == AF_INET else ip6("2001:db8:99::100")),
        ]
        return nest(U.LBDR_A_CONN, *[f() for f in cands if r.random() < 0.4])

    def valid(self, cmd=None, stage=None):
        """A valid request for @cmd (random when None)."""
        r = self.rng
        if cmd is None:
            cmd = r.choices(
                [U.LBDR_CMD_INFO_GET, U.LBDR_CMD_CONFIG_GET, U.LBDR_CMD_CONFIG_SET,
                 U.LBDR_CMD_SERVICE_NEW, U.LBDR_CMD_SERVICE_SET, U.LBDR_CMD_SERVICE_DEL,
                 U.LBDR_CMD_SERVICE_GET, U.LBDR_CMD_SERVER_NEW, U.LBDR_CMD_SERVER_SET,
                 U.LBDR_CMD_SERVER_DEL, U.LBDR_CMD_FLUSH, U.LBDR_CMD_STATS_GET,
                 U.LBDR_CMD_CONN_GET, U.LBDR_CMD_CONN_DEL, U.LBDR_CMD_STATS_ZERO,
                 U.LBDR_CMD_RESTORE_BEGIN, U.LBDR_CMD_RESTORE_COMMIT,
                 U.LBDR_CMD_RESTORE_ABORT],
                [1, 1, 6, 15, 8, 4, 6, 15, 8, 4, 1, 2, 5, 3, 1, 2, 2, 1])[0]
        attrs = []
        flags = NLM_F_REQUEST | NLM_F_ACK
        if cmd == U.LBDR_CMD_CONFIG_SET:
            attrs = [self.config()]
        elif cmd in (U.LBDR_CMD_SERVICE_NEW, U.LBDR_CMD_SERVICE_SET,
                     U.LBDR_CMD_SERVICE_DEL, U.LBDR_CMD_SERVICE_GET):
            fam, key = self.svc_key(existing=cmd != U.LBDR_CMD_SERVICE_NEW)
            svc = (fam, [a.copy() for a in key])
            if cmd in (U.LBDR_CMD_SERVICE_NEW, U.LBDR_CMD_SERVICE_SET):
                key += self.svc_opts(fam)
            attrs = [nest(U.LBDR_A_SERVICE, *key)]
            if cmd == U.LBDR_CMD_SERVICE_GET and r.random() < 0.5:
                attrs = []
                flags |= NLM_F_DUMP
        elif cmd in (U.LBDR_CMD_SERVER_NEW, U.LBDR_CMD_SERVER_SET, U.LBDR_CMD_SERVER_DEL):
            fam, key = self.svc_key(existing=True)
            attrs = [nest(U.LBDR_A_SERVICE, *key),
                     self.srv(fam, cmd != U.LBDR_CMD_SERVER_DEL)]
        elif cmd == U.LBDR_CMD_CONN_GET:
            flags |= NLM_F_DUMP
            if r.random() < 0.6:
                attrs = [self.conn_filter()]
        elif cmd == U.LBDR_CMD_CONN_DEL:
            attrs = [self.conn_filter()]
        if cmd in (U.LBDR_CMD_SERVICE_NEW, U.LBDR_CMD_SERVER_NEW) and r.random() < 0.4:
            attrs.append(flag(U.LBDR_A_REPLACE))
        if stage is None:
            stage = cmd in (U.LBDR_CMD_SERVICE_NEW, U.LBDR_CMD_SERVER_NEW,
                            U.LBDR_CMD_CONFIG_SET) and r.random() < 0.15
        if stage:
            attrs.append(flag(U.LBDR_A_STAGE))
        m = Msg(cmd, attrs, flags)
        m.note = "valid"
        if cmd == U.LBDR_CMD_SERVICE_NEW:
            m.svc = svc
        return m


# --- mutations ----------------------------------------------------------------

def boundary(r, n):
    bits = 8 * n
    return r.choice([0, 1, 2, (1 << bits) - 1, (1 << bits) - 2, 1 << (bits - 1),
                     (1 << (bits - 1)) - 1, r.getrandbits(bits), 250, 251, 252,
                     65535, 65536, 65537, 655373, 655374, U.LBDR_TIMEOUT_MAX,
                     U.LBDR_TIMEOUT_MAX + 1, 32, 33, 128, 129, AF_INET, AF_INET6,
                     IPPROTO_TCP, IPPROTO_UDP]) & ((1 << bits) - 1)


def rand_bytes(r, n):
    return r.randbytes(n)


def rand_len(r):
    return r.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 15, 16, 17, 20, 32, 64, 255,
                     r.randint(0, 300)])


def rand_attr(r, depth=0):
    if depth < 3 and r.random() < 0.3:
        return nest(r.randint(0, 20), *[rand_attr(r, depth + 1) for _ in range(r.randint(0, 4))])
    t = r.choice([r.randint(0, 20), r.randint(0, NLA_TYPE_MASK)])
    return Attr(t, rand_bytes(r, rand_len(r)))


class Mutator:
    def __init__(self, rng):
        self.r = rng
        self.attr_muts = [
            self.drop, self.dup, self.retype, self.toggle_flags, self.payload_random,
            self.int_boundary, self.resize, self.flatten, self.nestify, self.deepen,
            self.move, self.add_unknown, self.shuffle, self.empty_nest, self.huge,
            self.len_lie, self.int_boundary, self.payload_random, self.drop,
        ]
        self.byte_muts = [self.b_truncate, self.b_nlmsg_len, self.b_flip,
                          self.b_nla_len, self.b_garbage]

    def pick(self, m):
        nodes = list(walk(m.attrs))
        return self.r.choice(nodes) if nodes else None

    def drop(self, m):
        n = self.pick(m)
        if n:
            del n[0][n[1]]

    def dup(self, m):
        n = self.pick(m)
        if n:
            n[0].insert(n[1], n[2].copy())

    def retype(self, m):
        n = self.pick(m)
        if n:
            a, r = n[2], self.r
            a.type = r.choice([0, a.type + 1, max(a.type - 1, 0), r.randint(0, 20),
                               r.randint(0, NLA_TYPE_MASK), U.LBDR_A_MAX + 1,
                               U.LBDR_SVC_A_MAX + 1, U.LBDR_SVC_A_SERVER, U.LBDR_SVC_A_STATS,
                               U.LBDR_SRV_A_STATS, U.LBDR_SVC_A_PAD])

    def toggle_flags(self, m):
        n = self.pick(m)
        if n:
            n[2].flags ^= self.r.choice([NLA_F_NESTED, NLA_F_NET_BYTEORDER,
                                         NLA_F_NESTED | NLA_F_NET_BYTEORDER])

    def payload_random(self, m):
        n = self.pick(m)
        if n:
            n[2].kids = None
            n[2].payload = rand_bytes(self.r, rand_len(self.r))

    def int_boundary(self, m):
        leaves = [n for n in walk(m.attrs) if n[2].kids is None and len(n[2].payload) in (1, 2, 4, 8)]
        if leaves:
            a = self.r.choice(leaves)[2]
            n = len(a.payload)
            a.payload = boundary(self.r, n).to_bytes(n, sys.byteorder)

    def resize(self, m):
        leaves = [n for n in walk(m.attrs) if n[2].kids is None]
        if leaves:
            a = self.r.choice(leaves)[2]
            k = self.r.choice([-3, -2, -1, 1, 2, 3, 4, 12])
            a.payload = a.payload[:k] if k < 0 else a.payload + rand_bytes(self.r, k)

    def flatten(self, m):
        nests = [n for n in walk(m.attrs) if n[2].kids is not None]
        if nests:
            a = self.r.choice(nests)[2]
            a.payload = b"".join(k.encode() for k in a.kids)
            a.kids = None
            if self.r.random() < 0.7:
                a.flags &= ~NLA_F_NESTED

    def nestify(self, m):
        leaves = [n for n in walk(m.attrs) if n[2].kids is None]
        if leaves:
            a = self.r.choice(leaves)[2]
            a.kids = [rand_attr(self.r) for _ in range(self.r.randint(0, 3))]
            if self.r.random() < 0.8:
                a.flags |= NLA_F_NESTED

    def deepen(self, m):
        n = self.pick(m)
        if n:
            inner = n[2]
            for _ in range(self.r.choice([2, 3, 9, 10, 11, 17, 40])):
                inner = nest(self.r.choice([inner.type, U.LBDR_A_SERVICE,
                                            U.LBDR_SVC_A_SERVER, 1]), inner)
            n[0][n[1]] = inner

    def move(self, m):
        nodes = list(walk(m.attrs))
        if len(nodes) < 2:
            return
        src = self.r.choice(nodes)
        a = src[0].pop(src[1])
        dests = [m.attrs] + [n[2].kids for n in walk(m.attrs) if n[2].kids is not None]
        d = self.r.choice(dests)
        d.insert(self.r.randint(0, len(d)), a)

    def add_unknown(self, m):
        dests = [m.attrs] + [n[2].kids for n in walk(m.attrs) if n[2].kids is not None]
        d = self.r.choice(dests)
        d.insert(self.r.randint(0, len(d)), rand_attr(self.r))

    def shuffle(self, m):
        dests = [m.attrs] + [n[2].kids for n in walk(m.attrs) if n[2].kids is not None]
        self.r.shuffle(self.r.choice(dests))

    def empty_nest(self, m):
        nests = [n for n in walk(m.attrs) if n[2].kids is not None]
        if nests:
            self.r.choice(nests)[2].kids = []

    def huge(self, m):
        n = self.pick(m)
        big = Attr(self.r.randint(0, 20), rand_bytes(self.r, self.r.choice([1000, 4000, 16000, 60000])))
        if n and n[2].kids is not None:
            n[2].kids.append(big)
        else:
            m.attrs.append(big)

    def len_lie(self, m):
        n = self.pick(m)
        if n:
            n[2].len_delta = self.r.choice([-4, -3, -1, 1, 3, 4, 100, -100, 40000])

    # Byte level: f(data, offsets of the attribute headers) -> data.
    def b_truncate(self, m):
        r = self.r
        keep_len = r.random() < 0.5

        def f(d, offs):
            cut = r.randint(16, max(16, len(d) - 1)) if len(d) > 16 else len(d)
            d = d[:cut]
            if keep_len:
                return d
            return struct.pack("=I", len(d)) + d[4:]
        m.byte_muts.append(f)

    def b_nlmsg_len(self, m):
        r = self.r
        v = r.choice([0, 1, 15, 16, 17, 19, 20, 21, -1, -3, 4, 1000, 0xffffffff])

        def f(d, offs):
            ln = v if v > 20 or v in (0, 1, 15, 16, 17, 19, 20) else len(d) + v
            return struct.pack("=I", ln & 0xffffffff) + d[4:]
        m.byte_muts.append(f)

    def b_flip(self, m):
        r = self.r
        n = r.randint(1, 8)

        def f(d, offs):
            if len(d) <= 17:
                return d
            b = bytearray(d)
            for _ in range(n):
                i = r.randint(16, len(b) - 1)
                b[i] ^= 1 << r.randint(0, 7)
            return bytes(b)
        m.byte_muts.append(f)

    def b_nla_len(self, m):
        r = self.r

        def f(d, offs):
            if not offs:
                return d
            o = r.choice(offs)
            if o + 2 > len(d):
                return d
            v = r.choice([0, 1, 2, 3, 4, 5, 0xffff, r.randint(0, 0xffff),
                          len(d) - o, len(d) - o + 1])
            return d[:o] + struct.pack("=H", v & 0xffff) + d[o + 2:]
        m.byte_muts.append(f)

    def b_garbage(self, m):
        r = self.r
        extra = rand_bytes(r, r.choice([1, 3, 4, 16, 100]))
        cover = r.random() < 0.5

        def f(d, offs):
            d = d + extra
            return struct.pack("=I", len(d)) + d[4:] if cover else d
        m.byte_muts.append(f)

    def header(self, m):
        r = self.r
        what = r.randint(0, 5)
        if what == 0:
            m.version = r.choice([0, 2, 255, r.randint(0, 255)])
        elif what == 1:
            m.reserved = r.randint(1, 0xffff)
        elif what == 2:
            m.cmd = r.choice([0, U.LBDR_CMD_MAX + 1, 255, r.randint(0, 255), r.randint(0, 30)])
        elif what == 3:
            m.flags = NLM_F_REQUEST | r.getrandbits(12)
        elif what == 4:
            m.flags &= ~NLM_F_REQUEST
        else:
            m.ntype = r.randint(0, NLMSG_MIN_TYPE - 1)

    def mutate(self, m):
        r = self.r
        for _ in range(r.choice([1, 1, 1, 2, 2, 3, 4, 6])):
            k = r.random()
            if k < 0.75:
                r.choice(self.attr_muts)(m)
            elif k < 0.9:
                r.choice(self.byte_muts)(m)
            else:
                self.header(m)
        if r.random() < 0.12:
            m.flags |= NLM_F_DUMP
        if r.random() < 0.05:
            m.flags |= NLM_F_ECHO
        if r.random() < 0.1:
            m.flags &= ~NLM_F_ACK
        m.note = "mutated"
        return m


# --- the fuzzer ---------------------------------------------------------------

class Failure(Exception):
    pass


class Fuzzer:
    NSOCKS = 3

    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        self.rng = random.Random(self.seed)
        self.stats = {"sends": 0, "messages": 0, "processed": 0, "accepted": 0,
                      "refused": 0, "replies": 0, "dump_parts": 0, "dumps_done": 0,
                      "dumps_abandoned": 0, "barrier_retries": 0, "enobufs": 0, "unknown": 0, "dump_kicks": 0,
                      "send_errors": {}, "events": 0, "events_lost": 0,
                      "socket_reopens": 0, "restores_begun": 0, "restores_committed": 0,
                      "checks": 0, "checks_skipped": 0, "kmsg_lines": 0}
        self.by_cmd = {}            # cmd name -> {errno name: count}
        self.extack = {}            # message -> count
        self.ops_log = []
        self.log_f = None
        self.log_n = 0
        if args.log_dir:
            os.makedirs(args.log_dir, exist_ok=True)
            self.log_path = os.path.join(args.log_dir, "ops-%d" % os.getpid())
            self._rotate()
        self.family, self.groups = genl_family(U.LBDR_GENL_NAME)
        if self.family is None:
            sys.exit("fuzz_netlink: family %s not registered (module not loaded?)"
                     % U.LBDR_GENL_NAME)
        self.seq = 1000
        self.socks = [Sock(self, i) for i in range(self.NSOCKS)]
        self.observer = Sock(self, self.NSOCKS, {"ext_ack": True, "cap_ack": False,
                                                 "strict": True, "rcvbuf": 0})
        self.events = None
        if U.LBDR_MCGRP_EVENTS in self.groups:
            self.events = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
            self.events.bind((0, 0))
            self.events.setblocking(False)
            try:
                self.events.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                                       self.groups[U.LBDR_MCGRP_EVENTS])
            except OSError:
                self.events.close()
                self.events = None
        self.snap = None
        self.conn_max_limit = self.info_limit()
        self.gen = Gen(self.rng, self.conn_max_limit)
        self.mut = Mutator(self.rng)
        self.kmsg = None
        if not args.expect_eperm:
            try:
                self.kmsg = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
                os.lseek(self.kmsg, 0, os.SEEK_END)
            except OSError:
                self.kmsg = None

    # Logging of ops, for the reproducer.
    def _rotate(self):
        if self.log_f:
            self.log_f.close()
            os.replace(self.log_path + ".cur", self.log_path + ".prev")
        self.log_f = open(self.log_path + ".cur", "w")
        self.log_f.write(json.dumps({"op": "start", "seed": self.seed,
                                     "family": getattr(self, "family", None)}) + "\n")
        self.log_n = 0

    def log(self, entry):
        self.ops_log.append(entry)
        if len(self.ops_log) > 4000:
            del self.ops_log[:2000]
        if self.log_f:
            self.log_f.write(json.dumps(entry) + "\n")
            self.log_f.flush()
            self.log_n += 1
            if self.log_n >= 2000:
                self._rotate()

    def write_repro(self):
        if not self.args.log_dir:
            return None
        path = os.path.join(self.args.log_dir, "repro-%d.jsonl" % os.getpid())
        with open(path, "w") as f:
            f.write(json.dumps({"op": "start", "seed": self.seed, "family": self.family}) + "\n")
            for e in self.ops_log:
                f.write(json.dumps(e) + "\n")
        return path

    def next_seq(self):
        self.seq += 1
        return self.seq

    def info_limit(self):
        res = self.transact(self.observer, [Msg(U.LBDR_CMD_INFO_GET)], log=False)
        for body in res[0]["bodies"]:
            _, m = check_lbdr_msg(body, "info")
            for p in m.get(U.LBDR_A_INFO, []):
                im = attr_map(parse_attrs(p, "info"))
                if U.LBDR_INFO_A_CONN_MAX_LIMIT in im:
                    return get_int(im[U.LBDR_INFO_A_CONN_MAX_LIMIT][0])
        return None

    def count(self, cmd, err):
        d = self.by_cmd.setdefault(cmd_name(cmd), {})
        k = "OK" if err == 0 else errno.errorcode.get(err, str(err))
        d[k] = d.get(k, 0) + 1

    # --- one send and everything it gets back ---
    def transact(self, sock, msgs, log=True, finish_dumps=None):
        """Send @msgs in one datagram, then the barrier; return per request
        {"seq", "cmd", "processed", "err", "msg", "bodies", "dump"}."""
        data = b""
        reqs = []
        for m in msgs:
            seq = self.next_seq()
            enc = m.encode(self.family, seq)
            reqs.append({"seq": seq, "msg": m, "data": enc, "err": None, "ext": None,
                         "bodies": [], "done": False})
            data += enc
        self.model_processing(data, reqs)
        if log:
            self.log({"op": "send", "sock": sock.idx, "hex": data.hex(),
                      "note": ",".join(m.note for m in msgs)})
            self.stats["sends"] += 1
            self.stats["messages"] += len(msgs)
        try:
            sock.s.send(data)
        except OSError as e:
            k = errno.errorcode.get(e.errno, str(e.errno))
            self.stats["send_errors"][k] = self.stats["send_errors"].get(k, 0) + 1
            for q in reqs:
                q["processed"] = False
            return reqs
        by_seq = {q["seq"]: q for q in reqs}
        for q in reqs:
            if q["processed"] and q["dumpish"]:
                sock.pending_dumps.add(q["seq"])
        clean = self.barrier(sock, by_seq)
        want_finish = finish_dumps if finish_dumps is not None else self.rng.random() < 0.85
        if not clean and sock.pending_dumps:
            # A reply was dropped: which dumps run is unknown (a second dump
            # of a batch gets EBUSY, which may be the reply lost). Start over.
            self.stats["dumps_abandoned"] += len(sock.pending_dumps)
            sock = self.reset_sock(sock)
        elif want_finish:
            self.finish_dumps(sock, by_seq)
        for q in reqs:
            if not q["processed"]:
                continue
            if q["err"] is None and not q["done"] and not clean:
                # Replies were dropped (receive buffer full): unknown.
                q["processed"] = False
                if log:
                    self.stats["unknown"] += 1
                continue
            if q["err"] is None:
                # No error: accepted (a doit without NLM_F_ACK, or a dump).
                q["err"] = 0
            if not log:
                continue
            self.stats["processed"] += 1
            self.count(q["cmd"], q["err"])
            if q["err"]:
                self.stats["refused"] += 1
                if q["ext"]:
                    self.extack[q["ext"]] = self.extack.get(q["ext"], 0) + 1
            else:
                self.stats["accepted"] += 1
                if q["msg"].note == "valid" and getattr(q["msg"], "svc", None):
                    self.gen.remember(q["msg"].svc)
        return reqs

    def model_processing(self, data, reqs):
        """Which requests of @data netlink_rcv_skb() hands to genl."""
        for q in reqs:
            q["processed"] = False
            q["dumpish"] = False
            q["cmd"] = q["msg"].cmd
        off = 0
        i = 0
        while len(data) - off >= 16:
            ln, typ, flags, seq = struct.unpack_from("=IHHI", data, off)
            if ln < 16 or len(data) - off < ln:
                break
            q = next((x for x in reqs if x["seq"] == seq), None)
            if q is not None and flags & NLM_F_REQUEST and typ == self.family:
                q["processed"] = True
                q["cmd"] = data[off + 16] if ln >= 17 else -1
                q["flags"] = flags
                q["len"] = ln
                q["dumpish"] = (flags & NLM_F_DUMP) == NLM_F_DUMP
            off += min((ln + 3) & ~3, len(data) - off)
            i += 1

    def recv(self, sock):
        """A datagram; None on ENOBUFS (replies were dropped)."""
        try:
            data, _, mflags, _ = sock.s.recvmsg(1 << 18)
        except socket.timeout:
            raise
        except OSError as e:
            if e.errno == errno.ENOBUFS:
                self.stats["enobufs"] += 1
                return None
            raise
        if mflags & socket.MSG_TRUNC:
            raise Failure("socket %d: a reply larger than 256 KiB" % sock.idx)
        return data

    def handle(self, sock, data, by_seq, barrier_seqs=()):
        """Check and dispatch one datagram; True when it had a barrier's ack."""
        off = 0
        got_barrier = False
        while off < len(data):
            if len(data) - off < 16:
                raise Malformed("%d stray bytes after a message" % (len(data) - off))
            ln, typ, flags, seq, _ = struct.unpack_from("=IHHII", data, off)
            if ln < 16 or off + ln > len(data):
                raise Malformed("message length %d at %d of %d" % (ln, off, len(data)))
            msg = data[off:off + ln]
            self.stats["replies"] += 1
            q = by_seq.get(seq)
            if typ == NLMSG_ERROR:
                err, text = parse_error(msg, flags)
                if seq in barrier_seqs:
                    if err:
                        raise Failure("the barrier NOOP refused: %s" % os.strerror(err))
                    got_barrier = True
                elif q is not None:
                    q["err"] = err
                    q["ext"] = text
                    q["done"] = True
                sock.pending_dumps.discard(seq)
            elif typ == NLMSG_DONE:
                if ln < 20:
                    raise Malformed("NLMSG_DONE of %d bytes" % ln)
                if q is not None:
                    q["done"] = True
                    dump_err = -struct.unpack_from("=i", msg, 16)[0]
                    if dump_err:
                        q["err"] = dump_err
                        if ln > 20 and flags & NLM_F_ACK_TLVS:
                            for t, _, p in parse_attrs(msg[20:], "done extack"):
                                if t == NLMSGERR_ATTR_MSG:
                                    q["ext"] = p.rstrip(b"\0").decode(errors="replace")
                self.stats["dumps_done"] += 1
                sock.pending_dumps.discard(seq)
            elif typ == self.family:
                check_lbdr_msg(msg[16:], "reply to %s" % (cmd_name(q["cmd"]) if q else seq))
                if flags & NLM_F_MULTI:
                    self.stats["dump_parts"] += 1
                if q is not None:
                    q["bodies"].append(msg[16:])
            elif typ == NLMSG_OVERRUN or typ == NLMSG_NOOP:
                pass
            else:
                raise Malformed("a reply of type %d" % typ)
            off += (ln + 3) & ~3
        return got_barrier

    def barrier(self, sock, by_seq):
        """Until a NOOP sent after the requests is acknowledged. True if the
        first one was: then no reply to them was dropped (an overrun drops
        the later barrier too, as nothing was read in between)."""
        deadline = time.monotonic() + self.args.timeout
        wait = 0.2
        clean = True
        bseqs = set()
        try:
            while True:
                bseq = self.next_seq()
                bseqs.add(bseq)
                sock.s.send(struct.pack("=IHHII", 16, NLMSG_NOOP,
                                        NLM_F_REQUEST | NLM_F_ACK, bseq, 0))
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise Failure("socket %d: requests unanswered after %ss (kernel stuck?)"
                                      % (sock.idx, self.args.timeout))
                    sock.s.settimeout(min(wait, left))
                    try:
                        data = self.recv(sock)
                    except socket.timeout:
                        data = None     # the ack may have been dropped: ask again
                    if data is None:
                        break
                    if self.handle(sock, data, by_seq, bseqs):
                        return clean
                clean = False
                self.stats["barrier_retries"] += 1
                wait = min(2 * wait, 2.0)
        finally:
            sock.s.settimeout(self.args.timeout)

    def finish_dumps(self, sock, by_seq):
        """Read until every dump of @sock sent NLMSG_DONE (or failed)."""
        deadline = time.monotonic() + self.args.timeout
        parts = 0
        try:
            while sock.pending_dumps:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Failure("socket %d: dump %s did not end within %ss (%d messages read)"
                                  % (sock.idx, sorted(sock.pending_dumps),
                                     self.args.timeout, parts))
                sock.s.settimeout(min(1.0, left))
                try:
                    data = self.recv(sock)
                except socket.timeout:
                    # A dump goes on only when recvmsg() reads something:
                    # one whose start found the buffer full waits for that.
                    sock.s.send(struct.pack("=IHHII", 16, NLMSG_NOOP,
                                            NLM_F_REQUEST | NLM_F_ACK, self.next_seq(), 0))
                    self.stats["dump_kicks"] += 1
                    continue
                if data is None:
                    # Dump parts lost: the dump cannot be followed any more.
                    self.stats["dumps_abandoned"] += len(sock.pending_dumps)
                    self.reset_sock(sock)
                    return
                parts += 1
                self.handle(sock, data, by_seq)
        finally:
            if sock.s.fileno() >= 0:
                sock.s.settimeout(self.args.timeout)

    # --- state snapshots (root): services, servers, settings ---
    def snapshot(self):
        """The namespace's services, servers and settings, counters left out."""
        for attempt in range(5):
            sock = self.observer
            m = Msg(U.LBDR_CMD_SERVICE_GET, flags=NLM_F_REQUEST | NLM_F_DUMP)
            res = self.transact(sock, [m], log=False, finish_dumps=True)[0]
            if not res["processed"] or not res["done"]:
                continue        # replies lost (receive buffer): again
            if res["err"]:
                raise Failure("service dump refused: %s" % os.strerror(res["err"]))
            svcs = []
            for body in res["bodies"]:
                _, mp = check_lbdr_msg(body, "snapshot")
                for p in mp.get(U.LBDR_A_SERVICE, []):
                    svcs.append(self.norm_service(p))
            cfg = self.transact(self.observer, [Msg(U.LBDR_CMD_CONFIG_GET)], log=False)[0]
            if not cfg["processed"] or len(cfg["bodies"]) != 1:
                continue
            if cfg["err"]:
                raise Failure("config get refused: %s" % os.strerror(cfg["err"]))
            # Interrupted dumps (NLM_F_DUMP_INTR) cannot happen here: we are
            # the only writer of this namespace and do nothing meanwhile.
            return (tuple(sorted(svcs)), tuple(cfg["bodies"]))
        raise Failure("no complete snapshot in five tries")

    @staticmethod
    def norm_service(payload):
        out = []
        for t, f, p in parse_attrs(payload, "snapshot service"):
            if t == U.LBDR_SVC_A_STATS:
                continue
            if t == U.LBDR_SVC_A_SERVER:
                p = tuple(sorted((st, sp) for st, _, sp in parse_attrs(p, "server")
                                 if st != U.LBDR_SRV_A_STATS))
            out.append((t, p))
        return tuple(sorted(out, key=repr))

    def drain_events(self):
        """Events waiting, or None if some were lost."""
        if not self.events:
            return []
        got = []
        lost = False
        while True:
            try:
                data = self.events.recv(1 << 18)
            except BlockingIOError:
                break
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    lost = True
                    self.stats["events_lost"] += 1
                    continue
                raise
            off = 0
            while off + 16 <= len(data):
                ln, typ = struct.unpack_from("=IH", data, off)
                if ln < 16 or off + ln > len(data):
                    raise Malformed("event message length %d" % ln)
                if typ == self.family:
                    cmd, _ = check_lbdr_msg(data[off + 16:off + ln], "event")
                    got.append(cmd)
                    self.stats["events"] += 1
                off += (ln + 3) & ~3
        return None if lost else got

    def poll_kmsg(self):
        if self.kmsg is None:
            return
        while True:
            try:
                rec = os.read(self.kmsg, 8192)
            except BlockingIOError:
                return
            except OSError as e:
                if e.errno == errno.EPIPE:
                    continue
                return
            if not rec:
                return
            self.stats["kmsg_lines"] += 1
            line = rec.decode(errors="replace").split(";", 1)[-1].strip()
            if KMSG_BAD.search(line):
                raise Failure("kernel log: %s" % line)

    # --- operations ---
    def sock(self):
        return self.rng.choice(self.socks)

    def make(self):
        r = self.rng
        k = r.random()
        if k < 0.05:
            m = Msg(r.randint(0, 255), [rand_attr(r) for _ in range(r.randint(0, 3))],
                    NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if r.random() < 0.3 else 0))
            m.note = "random-cmd"
            return m
        if k < 0.09:
            m = Msg(r.randint(0, U.LBDR_CMD_MAX + 1))
            m.raw_body = rand_bytes(r, rand_len(r))
            m.note = "random-body"
            return m
        m = self.gen.valid()
        if r.random() < 0.75:
            self.mut.mutate(m)
        return m

    def op_single(self):
        m = self.make()
        sock = self.sock()
        check = (not self.args.expect_eperm and m.cmd in ADMIN_CMDS and
                 self.rng.random() < self.args.check)
        before = None
        if check:
            if self.snap is None:
                self.snap = self.snapshot()
            before = self.snap
            if self.drain_events() is None:
                check = False
                self.stats["checks_skipped"] += 1
        q = self.transact(sock, [m])[0]
        self.verify([q])
        if not q["processed"] or q["err"] == 0:
            self.snap = None
            return
        if check and q["cmd"] in ADMIN_CMDS:
            self.stats["checks"] += 1
            ev = self.drain_events()
            after = self.snapshot()
            self.snap = after
            if after != before:
                raise Failure("refused %s (%s, %s) changed the configuration"
                              % (cmd_name(q["cmd"]), os.strerror(q["err"]), q["ext"]))
            if ev:
                raise Failure("refused %s (%s) multicast events %s"
                              % (cmd_name(q["cmd"]), os.strerror(q["err"]),
                                 [cmd_name(c) for c in ev]))

    def verify(self, reqs):
        """--expect-eperm: no state-changing request accepted."""
        if not self.args.expect_eperm:
            return
        for q in reqs:
            if q["processed"] and q["cmd"] in ADMIN_CMDS and q["err"] == 0 \
                    and q.get("len", 0) >= 20:
                raise Failure("%s accepted without CAP_NET_ADMIN" % cmd_name(q["cmd"]))

    def op_batch(self):
        msgs = [self.make() for _ in range(self.rng.randint(2, 5))]
        reqs = self.transact(self.sock(), msgs)
        self.verify(reqs)
        self.snap = None

    def op_restore(self):
        """BEGIN, staged writes from the owner (and others), then an end."""
        r = self.rng
        owner = self.sock()
        q = self.transact(owner, [Msg(U.LBDR_CMD_RESTORE_BEGIN)])[0]
        self.verify([q])
        if q["err"] == 0 and q["processed"]:
            self.stats["restores_begun"] += 1
        for _ in range(r.randint(0, 8)):
            m = self.gen.valid(r.choice([U.LBDR_CMD_SERVICE_NEW, U.LBDR_CMD_SERVICE_NEW,
                                         U.LBDR_CMD_SERVER_NEW, U.LBDR_CMD_SERVER_NEW,
                                         U.LBDR_CMD_CONFIG_SET, U.LBDR_CMD_SERVICE_SET]),
                               stage=r.random() < 0.9)
            if r.random() < 0.4:
                self.mut.mutate(m)
            s = owner if r.random() < 0.8 else self.sock()
            self.verify(self.transact(s, [m]))
        end = r.choice(["commit", "commit", "commit", "abort", "close", "other", "none"])
        if end == "close":
            self.reopen(owner.idx)
        else:
            s = self.sock() if end == "other" else owner
            cmd = U.LBDR_CMD_RESTORE_ABORT if end == "abort" else U.LBDR_CMD_RESTORE_COMMIT
            if end != "none":
                q = self.transact(s, [Msg(cmd)])[0]
                self.verify([q])
                if cmd == U.LBDR_CMD_RESTORE_COMMIT and q["err"] == 0 and q["processed"]:
                    self.stats["restores_committed"] += 1
        self.snap = None

    def op_abandon_dump(self):
        """Start a dump on a socket with a tiny buffer, read a part, close it."""
        idx = self.rng.randrange(self.NSOCKS)
        self.reopen(idx, {"ext_ack": True, "cap_ack": False,
                          "strict": self.rng.random() < 0.5, "rcvbuf": 1024})
        sock = self.socks[idx]
        m = Msg(self.rng.choice(sorted(DUMP_CMDS)), flags=NLM_F_REQUEST | NLM_F_DUMP)
        if self.rng.random() < 0.3:
            self.mut.mutate(m)
            m.flags |= NLM_F_DUMP | NLM_F_REQUEST
        self.verify(self.transact(sock, [m], finish_dumps=False))
        self.stats["dumps_abandoned"] += 1
        self.reopen(idx)
        self.snap = None

    def reopen(self, idx, opts=None):
        self.socks[idx].close()
        self.socks[idx] = Sock(self, idx, opts)
        self.stats["socket_reopens"] += 1
        return self.socks[idx]

    def reset_sock(self, sock):
        """A new socket in place of @sock, with the same options."""
        if sock is self.observer:
            sock.close()
            self.observer = Sock(self, sock.idx, sock.opts)
            return self.observer
        return self.reopen(sock.idx, sock.opts)

    def run(self):
        deadline = time.monotonic() + self.args.seconds
        ops = [(self.op_single, 80), (self.op_batch, 6), (self.op_restore, 5),
               (self.op_abandon_dump, 2), (lambda: self.reopen(self.rng.randrange(self.NSOCKS)), 1),
               (lambda: self.drain_events(), 2)]
        fns, weights = zip(*ops)
        n = 0
        started = time.monotonic()
        try:
            while time.monotonic() < deadline:
                self.rng.choices(fns, weights)[0]()
                n += 1
                if n % 50 == 0:
                    self.poll_kmsg()
            self.poll_kmsg()
            result = None
        except (Failure, Malformed) as e:
            result = "%s: %s" % (type(e).__name__, e)
            try:
                self.poll_kmsg()
            except Failure as e2:
                result += "; " + str(e2)
        self.stats["seconds"] = round(time.monotonic() - started, 1)
        self.stats["ops"] = n
        return result

    def summary(self, result, repro):
        out = {"seed": self.seed, "result": result or "ok",
               "mode": "expect-eperm" if self.args.expect_eperm else "admin",
               "family": self.family}
        out.update(self.stats)
        out["errno_by_cmd"] = self.by_cmd
        top = sorted(self.extack.items(), key=lambda kv: -kv[1])
        out["extack_messages"] = dict(top[:40])
        out["extack_distinct"] = len(self.extack)
        if repro:
            out["repro"] = repro
        return out


# --- traffic (run in the client namespace of fuzz.sh) -------------------------

def traffic(args):
    """UDP datagrams and TCP SYNs to the pool's VIPs until the time is up."""
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.seconds
    targets = [(AF_INET, "192.0.2.1"), (AF_INET, "192.0.2.2"), (AF_INET6, "2001:db8:2::1")]
    sent = 0
    while time.monotonic() < deadline:
        fam, vip = rng.choice(targets)
        port = rng.choice(Pool.ports[:2] + [rng.randint(1, 65535)])
        try:
            if rng.random() < 0.5:
                s = socket.socket(fam, socket.SOCK_DGRAM)
                s.sendto(b"x" * rng.choice([1, 100, 1400]), (vip, port))
            else:
                s = socket.socket(fam, socket.SOCK_STREAM)
                s.setblocking(False)
                try:
                    s.connect((vip, port))
                except (BlockingIOError, OSError):
                    pass
            s.close()
            sent += 1
        except OSError:
            pass
        time.sleep(0.002)
    print(json.dumps({"traffic_sent": sent}))


# --- replay ---------------------------------------------------------------------

def replay(args):
    family, _ = genl_family(U.LBDR_GENL_NAME)
    if family is None:
        sys.exit("fuzz_netlink: family not registered")
    socks = {}
    old_family = None
    with open(args.file) as f:
        for line in f:
            e = json.loads(line)
            if e["op"] == "start":
                old_family = e.get("family")
            elif e["op"] == "open":
                s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
                o = e["opts"]
                s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, int(o["ext_ack"]))
                s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, int(o["cap_ack"]))
                s.setsockopt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, int(o["strict"]))
                if o["rcvbuf"]:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, o["rcvbuf"])
                s.bind((0, 0))
                s.settimeout(5)
                if e["sock"] in socks:
                    socks[e["sock"]].close()
                socks[e["sock"]] = s
            elif e["op"] == "close":
                socks.pop(e["sock"]).close()
            elif e["op"] == "send":
                data = bytearray(bytes.fromhex(e["hex"]))
                off = 0
                while off + 16 <= len(data):      # the family id of this boot
                    ln, typ = struct.unpack_from("=IH", data, off)
                    if typ == old_family:
                        struct.pack_into("=H", data, off + 4, family)
                    if ln < 16:
                        break
                    off += (ln + 3) & ~3
                s = socks[e["sock"]]
                try:
                    s.send(bytes(data))
                except OSError as ex:
                    print("send: %s" % ex)
                    continue
                s.send(struct.pack("=IHHII", 16, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 1, 0))
                errs = []
                try:
                    while True:
                        d = s.recv(1 << 18)
                        o = 0
                        done = False
                        while o + 16 <= len(d):
                            ln, typ, fl, seq = struct.unpack_from("=IHHI", d, o)
                            if typ == NLMSG_ERROR:
                                err = -struct.unpack_from("=i", d, o + 16)[0]
                                if seq == 1 and err == 0:
                                    done = True
                                else:
                                    errs.append(errno.errorcode.get(err, "OK"))
                            if ln < 16:
                                break
                            o += (ln + 3) & ~3
                        if done:
                            break
                except socket.timeout:
                    errs.append("no answer")
                print("%s %s" % (e.get("note", ""), " ".join(errs) or "accepted"))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", nargs="?", default="fuzz", choices=["fuzz", "traffic", "replay"])
    p.add_argument("file", nargs="?")
    p.add_argument("--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS", 60)))
    p.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", 0)) or None)
    p.add_argument("--expect-eperm", action="store_true",
                   help="no CAP_NET_ADMIN here: every state change must be refused")
    p.add_argument("--check", type=float, default=0.3,
                   help="share of refused state-changing requests checked (0..1)")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="seconds a request may take before it counts as a hang")
    p.add_argument("--log-dir")
    args = p.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 1 << 31)
    if args.mode == "traffic":
        return traffic(args)
    if args.mode == "replay":
        return replay(args)
    fz = Fuzzer(args)
    result = fz.run()
    repro = fz.write_repro() if result else None
    print(json.dumps(fz.summary(result, repro), sort_keys=True))
    sys.exit(1 if result else 0)


if __name__ == "__main__":
    main()
