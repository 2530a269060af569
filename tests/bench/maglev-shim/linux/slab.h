/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel allocators module/maglev.c uses, for the userspace build. */
#ifndef _SHIM_SLAB_H
#define _SHIM_SLAB_H
#include <stdlib.h>
#define GFP_KERNEL 0
#define kvzalloc(n, gfp) calloc(1, (n))
#define kvcalloc(n, size, gfp) calloc((n), (size))
#define kvfree(p) free(p)
#endif
