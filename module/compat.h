/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels lbdr builds against (Debian 12's 6.1 and
 * 6.12), each keyed on a probe in compat.mk rather than a version number.
 */
#ifndef _LBDR_COMPAT_H
#define _LBDR_COMPAT_H

/* struct nla_policy points at a const range only since 6.6. */
#ifdef LBDR_HAVE_CONST_NLA_RANGE
#define lbdr_nla_range_const const
#else
#define lbdr_nla_range_const
#endif

/* The parsed attributes of a dump request (genl_info_dump() since 6.6). */
#ifdef LBDR_HAVE_GENL_INFO_DUMP
#define lbdr_dump_attrs(cb) (genl_info_dump(cb)->attrs)
#else
#define lbdr_dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

/* GSO helpers have their own header since 6.5. */
#ifdef LBDR_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#endif /* _LBDR_COMPAT_H */
