// SPDX-License-Identifier: GPL-2.0
/*
 * Connection entries: the filters of lbadm conn show|del|flush and how
 * an entry is printed.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "connfmt.h"
#include "parse.h"

const char *const lbadm_conn_state_names[] = {
	[LBDR_CS_NONE] = "none",
	[LBDR_CS_SYN_RECV] = "syn_recv",
	[LBDR_CS_ESTABLISHED] = "established",
	[LBDR_CS_FIN_WAIT] = "fin_wait",
	[LBDR_CS_TIME_WAIT] = "time_wait",
	[LBDR_CS_CLOSE] = "close",
	[LBDR_CS_UDP] = "udp",
	[LBDR_CS_TEMPLATE] = "template",
	NULL
};

static int flt_error(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int flt_error(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* An address alone: 192.0.2.1, 2001:db8::1 or [2001:db8::1]. */
static int parse_bare_addr(const char *s, struct lbadm_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 2];
	size_t n = strlen(s);

	if (n > 2 && s[0] == '[' && s[n - 1] == ']' && n - 2 < sizeof(buf)) {
		memcpy(buf, s + 1, n - 2);
		buf[n - 2] = '\0';
		return parse_addr(buf, a) || a->family != AF_INET6 ? -1 : 0;
	}
	return parse_addr(s, a);
}

/* The family of the filter so far and of @a must agree. */
static int same_family(struct lbdr_conn_filter *flt, const struct lbadm_addr *a)
{
	if (flt->family && flt->family != a->family)
		return -1;
	flt->family = a->family;
	return 0;
}

int lbadm_conn_filter_parse(int argc, char **argv, struct lbdr_conn_filter *flt,
			    char *err, size_t len)
{
	int i;

	memset(flt, 0, sizeof(*flt));
	for (i = 0; i < argc; i++) {
		const char *w = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		struct lbadm_addr a;

		if (!parse_proto(w, &flt->proto)) {
			/* The VIP is optional: the next word may be a keyword. */
			if (!val || !strcmp(val, "server") || !strcmp(val, "client"))
				continue;
			i++;
			if (!parse_addr_port(val, &a, &flt->vport)) {
				flt->has_vport = true;
			} else if (parse_bare_addr(val, &a)) {
				return flt_error(err, len,
						 "\"%s\": expected VIP:PORT or VIP, e.g. 192.0.2.1:80",
						 val);
			}
			flt->vaddr = a;
			flt->has_vaddr = true;
		} else if (!strcmp(w, "server") || !strcmp(w, "client")) {
			if (!val)
				return flt_error(err, len, "\"%s\" needs an address", w);
			if (parse_bare_addr(val, &a))
				return flt_error(err, len, "\"%s\" is not an IP address", val);
			i++;
			if (w[0] == 's') {
				flt->server = a;
				flt->has_server = true;
			} else {
				flt->caddr = a;
				flt->has_caddr = true;
			}
		} else {
			return flt_error(err, len,
					 "unexpected \"%s\": filters are PROTO [VIP[:PORT]], server RIP, client ADDR",
					 w);
		}
	}
	/*
	 * The last address given of each kind counts; the client's and the
	 * VIP's must agree. A tunnel's server may be of the other family.
	 */
	if ((flt->has_vaddr && same_family(flt, &flt->vaddr)) ||
	    (flt->has_caddr && same_family(flt, &flt->caddr)))
		return flt_error(err, len, "the addresses of a filter must be of one family");
	return 0;
}

bool lbadm_conn_filter_any(const struct lbdr_conn_filter *flt)
{
	return flt->proto || flt->has_vaddr || flt->has_server || flt->has_caddr;
}

static const char *proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	default:
		return "any";
	}
}

/* The server's address in its own family (a tunnel's may differ). */
static const char *server_str(const struct lbdr_conn_entry *c, char *buf,
			      size_t len)
{
	struct lbadm_addr a = c->server;

	if (!a.family)
		a.family = c->family;
	return format_addr(&a, buf, len);
}

static const char *state_name(uint8_t state)
{
	return state <= LBDR_CS_MAX ? lbadm_conn_state_names[state] : "unknown";
}

void lbadm_conn_print(FILE *f, const struct lbdr_conn_entry *c)
{
	char buf[INET6_ADDRSTRLEN + 8];
	bool template = c->state == LBDR_CS_TEMPLATE;
	const char *s;

	fprintf(f, "%s ", proto_name(c->proto));
	if (template) {
		inet_ntop(c->family, &c->caddr.v6, buf, sizeof(buf));
		fputs(buf, f);
	} else {
		format_addr_port(&c->caddr, c->cport, buf, sizeof(buf));
		fputs(buf, f);
	}
	if (c->fwmark) {
		fprintf(f, " -> fwmark %u", c->fwmark);
	} else {
		format_addr_port(&c->vaddr, c->vport, buf, sizeof(buf));
		fprintf(f, " -> %s", buf);
	}
	fprintf(f, " server %s ", server_str(c, buf, sizeof(buf)));
	if (template) {
		fputs("persist", f);
	} else {
		for (s = state_name(c->state); *s; s++)
			fputc(toupper((unsigned char)*s), f);
	}
	fprintf(f, " expires %u\n", c->expires);
}

void lbadm_conn_json(struct json *j, const struct lbdr_conn_entry *c)
{
	char buf[INET6_ADDRSTRLEN];

	json_open_object(j, NULL);
	json_string(j, "proto", proto_name(c->proto));
	json_string(j, "family", c->family == AF_INET6 ? "inet6" : "inet");
	inet_ntop(c->family, &c->caddr.v6, buf, sizeof(buf));
	json_string(j, "client", buf);
	json_u64(j, "cport", c->cport);
	if (c->fwmark) {
		json_u64(j, "fwmark", c->fwmark);
	} else {
		inet_ntop(c->family, &c->vaddr.v6, buf, sizeof(buf));
		json_string(j, "vip", buf);
		json_u64(j, "vport", c->vport);
	}
	json_string(j, "server", server_str(c, buf, sizeof(buf)));
	json_string(j, "state", state_name(c->state));
	json_u64(j, "expires", c->expires);
	json_close_object(j);
}
