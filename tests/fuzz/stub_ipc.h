/* SPDX-License-Identifier: GPL-2.0 */
/* stub_ipc.c: ipc.h and the bits of lbadm.c, without netlink. */
#ifndef LBADM_FUZZ_STUB_IPC_H
#define LBADM_FUZZ_STUB_IPC_H

#include <signal.h>
#include <stdbool.h>

#include "ipc.h"

/* Every ipc call fails (EINVAL) while set. */
extern bool stub_ipc_fail;
/* The SIGTERM handler before a command ran (see lbdr_ipc_stats()). */
extern struct sigaction stub_saved_term;

/* Print "fuzz_parse: MESSAGE" and abort(): an oracle failed. */
void stub_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* What the parsers promise a request to the kernel (abort if not). */
void stub_check_svc(const struct lbdr_svc *svc, bool key_only);
void stub_check_srv(const struct lbdr_svc *svc, const struct lbdr_srv *srv,
		    bool key_only);

#endif
