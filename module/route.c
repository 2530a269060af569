// SPDX-License-Identifier: GPL-2.0
/*
 * Routes to real servers: the configuration-time check that a server is on
 * a directly connected network, and the route each server keeps for the
 * packet path.
 *
 * Tunnels take the ordinary route to the server's address, with the
 * source address the service asks for, or routing's choice.
 *
 * Direct routing asks for a route whose next hop is the server itself
 * (FLOWI_FLAG_KNOWN_NH, as IPVS does). The FIB does not cache such routes:
 * each lookup allocates one. So each server keeps the last one behind an
 * RCU pointer, as IPVS's ip_vs_dest_dst does, and packets use it without a
 * reference or an allocation while dst_check() says it is current. A route
 * pins its device (an IPv6 clone through the FIB entry it came from), so
 * the netdevice notifier drops the routes of a namespace where a device
 * goes down, and a deleted server drops its route at once.
 */

#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/dst.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "lbdr.h"

#define LBDR_MSG_LOCAL	"the real server's address is local"
#define LBDR_MSG_OFFLINK "real server not on a directly connected network"

struct lbdr_route {
	struct dst_entry *dst;		/* holds a reference */
	u32 cookie;			/* for dst_check() */
	union nf_inet_addr saddr;	/* tunnels: the outer source */
	struct rcu_head rcu;
};

/* The on-link route to @addr, for configuration checks; or an ERR_PTR. */
static struct dst_entry *lbdr_route4(struct net *net, __be32 addr,
				     struct netlink_ext_ack *extack)
{
	struct flowi4 fl4 = { .daddr = addr };
	struct rtable *rt = ip_route_output_key(net, &fl4);

	if (IS_ERR(rt)) {
		NL_SET_ERR_MSG(extack, "no route to the real server");
		return ERR_CAST(rt);
	}
	if (rt->rt_type == RTN_LOCAL) {
		NL_SET_ERR_MSG(extack, LBDR_MSG_LOCAL);
		ip_rt_put(rt);
		return ERR_PTR(-EINVAL);
	}
	if (rt->rt_gw_family || rt->rt_type != RTN_UNICAST) {
		NL_SET_ERR_MSG(extack, LBDR_MSG_OFFLINK);
		ip_rt_put(rt);
		return ERR_PTR(-EHOSTUNREACH);
	}
	return &rt->dst;
}

static struct dst_entry *lbdr_route6(struct net *net, const struct in6_addr *addr,
				     struct netlink_ext_ack *extack)
{
	struct flowi6 fl6 = { .daddr = *addr };
	struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);
	struct rt6_info *rt = (struct rt6_info *)dst;
	int err = dst->error;

	if (err) {
		NL_SET_ERR_MSG(extack, "no route to the real server");
		dst_release(dst);
		return ERR_PTR(err);
	}
	if (rt->rt6i_flags & RTF_LOCAL) {
		NL_SET_ERR_MSG(extack, LBDR_MSG_LOCAL);
		dst_release(dst);
		return ERR_PTR(-EINVAL);
	}
	if (rt->rt6i_flags & (RTF_GATEWAY | RTF_REJECT)) {
		NL_SET_ERR_MSG(extack, LBDR_MSG_OFFLINK);
		dst_release(dst);
		return ERR_PTR(-EHOSTUNREACH);
	}
	return dst;
}

/* Configuration time: refuse a real server direct routing cannot reach. */
int lbdr_dr_check(struct net *net, u8 family, const union nf_inet_addr *addr,
		  struct netlink_ext_ack *extack)
{
	struct dst_entry *dst = family == AF_INET6 ?
				lbdr_route6(net, &addr->in6, extack) :
				lbdr_route4(net, addr->ip, extack);

	if (IS_ERR(dst))
		return PTR_ERR(dst);
	dst_release(dst);
	return 0;
}

/*
 * The outer source of @svc's tunnels in @family: the service's own, else
 * the namespace's default; all zero: routing's choice. Lookups racing a
 * change may see a torn IPv6 address: its route fails, and the change
 * drops the routes, so the next packet looks again.
 */
void lbdr_tun_src(struct net *net, const struct lbdr_service *svc, u8 family,
		  union nf_inet_addr *src)
{
	const struct lbdr_config *cfg = &lbdr_pernet(net)->config;

	memset(src, 0, sizeof(*src));
	if (family == AF_INET6) {
		src->in6 = svc->tun_src6;
		if (ipv6_addr_any(&src->in6))
			src->in6 = cfg->tun_src6;
	} else {
		src->ip = READ_ONCE(svc->tun_src4) ?: READ_ONCE(cfg->tun_src4);
	}
}

static struct dst_entry *lbdr_route_tun6(struct net *net,
					 const struct in6_addr *daddr,
					 struct in6_addr *src, u32 *cookie,
					 struct netlink_ext_ack *extack)
{
	struct flowi6 fl6 = { .daddr = *daddr, .saddr = *src };
	struct dst_entry *dst;
	int err;

	err = ip6_dst_lookup(net, NULL, &dst, &fl6);
	if (err) {
		NL_SET_ERR_MSG(extack, "no route to the tunnel endpoint");
		return ERR_PTR(err);
	}
	if (((struct rt6_info *)dst)->rt6i_flags & (RTF_LOCAL | RTF_REJECT)) {
		NL_SET_ERR_MSG(extack, "the tunnel endpoint is local or unreachable");
		dst_release(dst);
		return ERR_PTR(-EINVAL);
	}
	*src = fl6.saddr;
	*cookie = rt6_get_cookie((struct rt6_info *)dst);
	return dst;
}

static struct dst_entry *lbdr_route_tun4(struct net *net, __be32 daddr,
					 __be32 *src,
					 struct netlink_ext_ack *extack)
{
	struct flowi4 fl4 = { .daddr = daddr, .saddr = *src };
	struct rtable *rt = ip_route_output_key(net, &fl4);

	if (IS_ERR(rt)) {
		NL_SET_ERR_MSG(extack, "no route to the tunnel endpoint");
		return ERR_CAST(rt);
	}
	if (rt->rt_type != RTN_UNICAST) {
		NL_SET_ERR_MSG(extack, "the tunnel endpoint is not a unicast address");
		ip_rt_put(rt);
		return ERR_PTR(-EINVAL);
	}
	*src = fl4.saddr;
	return &rt->dst;
}

/*
 * The route a tunnel to @daddr takes from @src (any: routing picks, and
 * the pick is left in @src), and its dst_check() cookie; or an ERR_PTR.
 */
static struct dst_entry *lbdr_route_tun(struct net *net, u8 family,
					const union nf_inet_addr *daddr,
					union nf_inet_addr *src, u32 *cookie,
					struct netlink_ext_ack *extack)
{
	if (family == AF_INET6)
		return lbdr_route_tun6(net, &daddr->in6, &src->in6, cookie,
				       extack);
	*cookie = 0;
	return lbdr_route_tun4(net, daddr->ip, &src->ip, extack);
}

/* Configuration time: outer sources, when set, must be local. */
int lbdr_tun_src_local(struct net *net, __be32 src4,
		       const struct in6_addr *src6,
		       struct netlink_ext_ack *extack)
{
	if ((src4 && inet_addr_type(net, src4) != RTN_LOCAL) ||
	    (!ipv6_addr_any(src6) && !ipv6_chk_addr(net, src6, NULL, 0))) {
		NL_SET_ERR_MSG(extack, "the tunnel source address is not local");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/* Configuration time: refuse a tunnel endpoint we cannot route to. */
int lbdr_tun_check(struct net *net, u8 family, const union nf_inet_addr *addr,
		   const union nf_inet_addr *src, struct netlink_ext_ack *extack)
{
	union nf_inet_addr s = *src;
	struct dst_entry *dst;
	u32 cookie;

	if (family == AF_INET6 && !ipv6_addr_any(&s.in6) &&
	    !ipv6_chk_addr(net, &s.in6, NULL, 0)) {
		NL_SET_ERR_MSG(extack, "the tunnel source address is not local");
		return -EADDRNOTAVAIL;
	}
	dst = lbdr_route_tun(net, family, addr, &s, &cookie, extack);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	dst_release(dst);
	return 0;
}

/* A route to @rip with @rip as next hop, and its dst_check() cookie. */
static struct dst_entry *lbdr_route_nh(struct net *net, u8 family,
				       const union nf_inet_addr *rip,
				       u32 *cookie)
{
	struct flowi4 fl4 = {
		.daddr = rip->ip,
		.flowi4_flags = FLOWI_FLAG_KNOWN_NH,
	};
	struct flowi6 fl6 = {
		.daddr = rip->in6,
		.flowi6_flags = FLOWI_FLAG_KNOWN_NH,
	};
	struct dst_entry *dst;
	struct rtable *rt;

	if (family == AF_INET6) {
		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error || (((struct rt6_info *)dst)->rt6i_flags &
				   (RTF_GATEWAY | RTF_LOCAL | RTF_REJECT))) {
			dst_release(dst);
			return NULL;
		}
		*cookie = rt6_get_cookie((struct rt6_info *)dst);
		return dst;
	}
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return NULL;
	if (rt->rt_uses_gateway || rt->rt_type != RTN_UNICAST) {
		ip_rt_put(rt);
		return NULL;
	}
	*cookie = 0;
	return &rt->dst;
}

static void lbdr_route_free_rcu(struct rcu_head *head)
{
	struct lbdr_route *r = container_of(head, struct lbdr_route, rcu);

	dst_release(r->dst);
	kfree(r);
}

/*
 * Give @skb the route to @srv, and a tunnel's outer source in @saddr: the
 * kept one while it is current, without a reference (the caller is in an
 * RCU read section, and output takes one before queueing), else a new
 * lookup, kept for the next packets. Returns false when there is no
 * usable route.
 */
bool lbdr_route_set(struct net *net, struct sk_buff *skb,
		    const struct lbdr_service *svc, struct lbdr_server *srv,
		    union nf_inet_addr *saddr)
{
	struct lbdr_route *r = rcu_dereference(srv->route), *old;
	struct dst_entry *dst;
	u32 cookie;

	if (r && dst_check(r->dst, r->cookie)) {
		skb_dst_drop(skb);
		skb_dst_set_noref(skb, r->dst);
		*saddr = r->saddr;
		return true;
	}
	if (READ_ONCE(srv->method) == LBDR_METHOD_DR) {
		memset(saddr, 0, sizeof(*saddr));
		dst = lbdr_route_nh(net, srv->family, &srv->addr, &cookie);
	} else {
		lbdr_tun_src(net, svc, srv->family, saddr);
		dst = lbdr_route_tun(net, srv->family, &srv->addr, saddr,
				     &cookie, NULL);
		if (IS_ERR(dst))
			dst = NULL;
	}
	if (!dst)
		return false;
	skb_dst_drop(skb);

	r = kmalloc(sizeof(*r), GFP_ATOMIC);
	if (!r) {
		skb_dst_set(skb, dst);	/* not kept: this packet's own */
		return true;
	}
	dst_hold(dst);
	skb_dst_set(skb, dst);
	r->dst = dst;
	r->cookie = cookie;
	r->saddr = *saddr;

	spin_lock_bh(&srv->route_lock);
	/*
	 * Not kept for a deleted server (lbdr_route_drop() has run), nor if
	 * the route went stale since the lookup: its device may be going
	 * down, with the notifier done already.
	 */
	if (READ_ONCE(srv->dead) || !(READ_ONCE(dst->dev->flags) & IFF_UP) ||
	    !dst_check(dst, cookie)) {
		spin_unlock_bh(&srv->route_lock);
		dst_release(dst);
		kfree(r);
		return true;
	}
	old = rcu_replace_pointer(srv->route, r,
				  lockdep_is_held(&srv->route_lock));
	spin_unlock_bh(&srv->route_lock);
	if (old)
		call_rcu(&old->rcu, lbdr_route_free_rcu);
	return true;
}

/* Forget @srv's route; the next packet looks it up again. */
static void lbdr_route_forget(struct lbdr_server *srv)
{
	struct lbdr_route *r;

	spin_lock_bh(&srv->route_lock);
	r = rcu_replace_pointer(srv->route, NULL,
				lockdep_is_held(&srv->route_lock));
	spin_unlock_bh(&srv->route_lock);
	if (r)
		call_rcu(&r->rcu, lbdr_route_free_rcu);
}

/* @srv is deleted (srv->dead set): its route goes now. */
void lbdr_route_drop(struct lbdr_server *srv)
{
	lbdr_route_forget(srv);
}

/*
 * Every server of @svc forgets its route: the outer source changed, or a
 * server's method did (the next packet looks up the route it needs).
 */
void lbdr_svc_routes_drop(struct lbdr_service *svc)
{
	struct lbdr_server *srv;

	list_for_each_entry(srv, &svc->servers, list)
		lbdr_route_forget(srv);
}

/* Every server of the namespace: the default outer source changed. */
void lbdr_routes_drop(struct net *net)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	struct lbdr_service *svc;
	int i;

	lockdep_assert_held(&lbdr_mutex);
	for (i = 0; i < ARRAY_SIZE(ln->svc_hash); i++)
		hlist_for_each_entry(svc, &ln->svc_hash[i], hnode)
			lbdr_svc_routes_drop(svc);
}

/* @srv is being freed: nobody can see it, so no grace period either. */
void lbdr_route_free(struct lbdr_server *srv)
{
	struct lbdr_route *r = rcu_dereference_protected(srv->route, true);

	if (r) {
		dst_release(r->dst);
		kfree(r);
	}
}

/*
 * A device going down takes every route of its namespace with it. Not only
 * those whose dst->dev is the device: IPv6 has already moved its clones to
 * blackhole_dev by then, yet they pin the device through the FIB entry
 * they came from, and it could never finish unregistering. Devices go down
 * rarely; each server's next packet looks its route up again.
 */
static int lbdr_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct lbdr_net *ln = lbdr_pernet(dev_net(dev));
	struct lbdr_service *svc;
	struct lbdr_server *srv;
	unsigned int i;

	if (event != NETDEV_DOWN && event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	mutex_lock(&lbdr_mutex);
	for (i = 0; i < ARRAY_SIZE(ln->svc_hash); i++)
		hlist_for_each_entry(svc, &ln->svc_hash[i], hnode)
			list_for_each_entry(srv, &svc->servers, list)
				lbdr_route_forget(srv);
	mutex_unlock(&lbdr_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block lbdr_netdev_notifier = {
	.notifier_call = lbdr_netdev_event,
};

int __init lbdr_route_init(void)
{
	return register_netdevice_notifier(&lbdr_netdev_notifier);
}

void lbdr_route_exit(void)
{
	unregister_netdevice_notifier(&lbdr_netdev_notifier);
}
