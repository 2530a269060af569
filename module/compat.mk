# SPDX-License-Identifier: GPL-2.0
#
# Feature probes for module/compat.h: each greps the headers of the kernel
# being built against and defines LBDR_HAVE_<feature>, so the code carries
# no version numbers. Included by every Kbuild that compiles module/.

lbdr_probe = $(shell grep -qsE '$(2)' $(srctree)/$(1) && echo -DLBDR_HAVE_$(3))

# 6.6 made policy range pointers const (struct nla_policy.range).
LBDR_PROBES += $(call lbdr_probe,include/net/netlink.h,const struct netlink_range_validation \*range;,CONST_NLA_RANGE)

# 6.6 moved the attributes of a dump into genl_dumpit_info.info.
LBDR_PROBES += $(call lbdr_probe,include/net/genetlink.h,genl_info_dump,GENL_INFO_DUMP)

# 6.5 moved the GSO helpers (skb_gso_validate_network_len) to net/gso.h.
LBDR_PROBES += $(call lbdr_probe,include/net/gso.h,skb_gso_validate_network_len,NET_GSO_H)
