#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made generic netlink messages to the lbdr family.

lbadm only sends well-formed requests; this tool sends the malformed ones
the kernel must refuse. Each scenario prints one JSON line:
  {"errno": N, "msg": "extack text or null", "replies": K}
errno 0 means the kernel accepted the request.

  nlcraft.py SCENARIO         (see SCENARIOS below)
"""
import errno
import json
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NETLINK_EXT_ACK = 11
NETLINK_CAP_ACK = 10
SOL_NETLINK = 270
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NLM_F_ACK_TLVS, NLM_F_CAPPED = 0x200, 0x100
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLA_F_NESTED = 0x8000

# include/uapi/linux/lbdr.h
CMD_INFO_GET, CMD_CONFIG_GET, CMD_CONFIG_SET = 1, 2, 3
A_INFO, A_CONFIG = 1, 2
CFG_CONN_MAX, CFG_TIMEOUT_TCP, CFG_TIMEOUT_UDP = 1, 2, 6


def attr(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def u32(atype, v):
    return attr(atype, struct.pack("=I", v))


def nest(atype, *inner):
    return attr(atype | NLA_F_NESTED, b"".join(inner))


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 1

    def request(self, ftype, cmd, payload=b"", version=1):
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + payload
        msg = struct.pack("=IHHII", 16 + len(body), ftype,
                          NLM_F_REQUEST | NLM_F_ACK, self.seq, 0) + body
        self.s.send(msg)
        replies = []
        while True:
            data = self.s.recv(65536)
            off = 0
            while off < len(data):
                ln, typ, flags, seq, _ = struct.unpack_from("=IHHII", data, off)
                if typ == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", data, off + 16)[0]
                    return err, self.extack(data[off:off + ln], flags), replies
                replies.append(data[off + 20:off + ln])
                off += (ln + 3) & ~3

    @staticmethod
    def extack(msg, flags):
        if not flags & NLM_F_ACK_TLVS:
            return None
        off = 16 + 4 + 16  # nlmsghdr, error, capped original header
        if not flags & NLM_F_CAPPED:
            off = 16 + 4 + struct.unpack_from("=I", msg, 20)[0]
        while off + 4 <= len(msg):
            ln, typ = struct.unpack_from("=HH", msg, off)
            if ln < 4:
                break
            if typ == NLMSGERR_ATTR_MSG:
                return msg[off + 4:off + ln].split(b"\0")[0].decode()
            off += (ln + 3) & ~3
        return None

    def family(self, name="lbdr"):
        err, _, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err:
            sys.exit("family %s: %s" % (name, os.strerror(err)))
        rep = replies[0]
        off = 0
        while off < len(rep):
            ln, typ = struct.unpack_from("=HH", rep, off)
            if typ == CTRL_ATTR_FAMILY_ID:
                return struct.unpack_from("=H", rep, off + 4)[0]
            off += (ln + 3) & ~3
        sys.exit("no family id")


SCENARIOS = {
    # name: (cmd, payload)
    "info": (CMD_INFO_GET, b""),
    "unknown-cmd": (200, b""),
    "info-with-attr": (CMD_INFO_GET, u32(A_CONFIG, 1)),
    "set-missing-attr": (CMD_CONFIG_SET, b""),
    "set-unknown-attr": (CMD_CONFIG_SET, nest(A_CONFIG, u32(99, 1))),
    "set-unknown-top-attr": (CMD_CONFIG_SET, u32(77, 1)),
    "set-wrong-len": (CMD_CONFIG_SET, nest(A_CONFIG, attr(CFG_TIMEOUT_TCP, b"\1\0"))),
    "set-out-of-range": (CMD_CONFIG_SET, nest(A_CONFIG, u32(CFG_CONN_MAX, 0))),
    "set-not-nested": (CMD_CONFIG_SET, attr(A_CONFIG, b"\1\2\3")),
    "set-truncated-attr": (CMD_CONFIG_SET, struct.pack("=HH", 40, A_CONFIG) + b"\0" * 4),
    "set-valid-then-bad": (CMD_CONFIG_SET, nest(A_CONFIG, u32(CFG_TIMEOUT_UDP, 7),
                                                u32(CFG_TIMEOUT_TCP, 0))),
    "set-udp-77": (CMD_CONFIG_SET, nest(A_CONFIG, u32(CFG_TIMEOUT_UDP, 77))),
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.exit("usage: nlcraft.py {%s}" % "|".join(SCENARIOS))
    g = Genl()
    cmd, payload = SCENARIOS[sys.argv[1]]
    err, msg, replies = g.request(g.family(), cmd, payload)
    print(json.dumps({"errno": err, "name": errno.errorcode.get(err, "OK"),
                      "msg": msg, "replies": len(replies)}))


if __name__ == "__main__":
    main()
