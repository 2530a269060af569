#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the VM's "BENCH {json}" lines into results JSON and docs/BENCHMARKS.md.

  report.py OUTPUT RESULTS_JSON MARKDOWN COMMAND

Medians only (the machine is shared and emulated: single runs are noise).
Every number printed comes from OUTPUT; a measure with no records is listed
as not measured. Exits 1 when a measure that ran failed or left no records,
so the smoke run in CI fails when a measurement could not be taken.
"""
import json
import platform
import statistics
import subprocess
import sys
import time

out_path, json_path, md_path, command = sys.argv[1:5]
records, failures = [], []
for line in open(out_path, errors="replace"):
    if line.startswith("BENCH "):
        records.append(json.loads(line[6:]))
    elif line.startswith("BENCH_FAIL"):
        failures.append(line.split(None, 1)[1].strip())


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def of(measure):
    return [r for r in records if r["measure"] == measure]


def med(xs):
    return statistics.median(xs) if xs else None


vm = (of("vm") or [{}])[0]
lscpu = dict(l.split(":", 1) for l in sh("lscpu").splitlines() if ":" in l)
machine = {
    "host_cpu": lscpu.get("Model name", "").strip(),
    "host_cpus": int(sh("nproc") or 0),
    "host_kernel": platform.release(),
    "emulation": "qemu TCG (software emulation, no KVM)",
    "vm_kernel": vm.get("kernel"),
    "vm_cpus": vm.get("cpus"),
    "vm_mem_kb": vm.get("mem_kb"),
    "lbdr_srcversion": vm.get("lbdr_srcversion"),
    "lbdr_git": sh("git -C %s/../.. describe --always --dirty" % sys.path[0]),
}

summary = {}
problems = list(failures)

# 1. forwarding: pps per mode, own costs above the floor, their ratios.
fwd = of("forward")
if fwd:
    s = {}
    for mode in ("floor", "fwd", "ipvs", "lbdr"):
        rs = [r for r in fwd if r["mode"] == mode]
        for r in rs:
            if r["delivered"] < 0.99 * r["sent"]:
                problems.append(f"forward {mode} run {r['run']}: {r['delivered']} of {r['sent']} delivered")
        pps = [r["delivered"] / (r["usec"] / 1e6) for r in rs]
        s[mode] = {"runs": len(pps), "pps_median": med(pps), "pps": pps}
    floor = s["floor"]["pps_median"]
    for mode in ("fwd", "ipvs", "lbdr"):
        p = s[mode]["pps_median"]
        s[mode]["own_cost_ns"] = (1e9 / p - 1e9 / floor) if p and floor else None
    c = {m: s[m].get("own_cost_ns") for m in ("fwd", "ipvs", "lbdr")}
    s["ratios"] = {
        "lbdr_over_ipvs": c["lbdr"] / c["ipvs"] if c["lbdr"] is not None and c["ipvs"] else None,
        "lbdr_over_fwd": c["lbdr"] / c["fwd"] if c["lbdr"] is not None and c["fwd"] else None,
        "ipvs_over_fwd": c["ipvs"] / c["fwd"] if c["ipvs"] is not None and c["fwd"] else None,
    }
    summary["forward"] = s

ct = of("conntrack")
if ct:
    summary["conntrack_entries_in_balancer_netns"] = ct[0]["entries"]

# 5. control plane.
cp = of("control")
if cp:
    s = {}
    for n in sorted({r["services"] for r in cp}):
        for tool in ("ipvs", "lbdr"):
            rs = [r for r in cp if r["services"] == n and r["mode"] == tool]
            s.setdefault(str(n), {})[tool] = {
                "runs": len(rs),
                "restore_s_median": med([r["restore_s"] for r in rs]),
                "dump_s_median": med([r["dump_s"] for r in rs]),
            }
    summary["control"] = s

# 2 and 3. new flows and memory per connection.
nf = of("newflows")
if nf:
    s = {}
    for tool in ("ipvs", "lbdr"):
        rs = [r for r in nf if r["mode"] == tool]
        for r in rs:
            if r["delivered"] < 0.99 * r["sent"]:
                problems.append(f"newflows {tool} run {r['run']}: {r['delivered']} of {r['sent']} delivered")
        s[tool] = {
            "runs": len(rs),
            "entries": med([r["sent"] for r in rs]),
            "flows_per_s_median": med([r["delivered"] / (r["usec"] / 1e6) for r in rs]),
            "slab_size": med([r["slab_size"] for r in rs]),
            "slab_bytes_per_conn_median": med([r["slab_bytes"] / r["delivered"] for r in rs if r["delivered"]]),
            "kernel_bytes_per_conn_median": med([r["memfree_drop"] / r["delivered"] for r in rs if r["delivered"]]),
        }
    summary["newflows"] = s

for m, name in (("forward", "forward"), ("control", "control"), ("newflows", "newflows")):
    if m not in summary:
        problems.append(f"{name}: no result in this run (not measured; see build/bench/vm/output)")

results = {
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "command": command,
    "machine": machine,
    "summary": summary,
    "problems": problems,
    "not_measured": [
        "4. scaling of lbdr's per-packet cost with 10k, 1M and 4M entries",
        "6. Maglev build time, balance and disruption (needs a kernel-side harness)",
        "7. failover: share of established flows a standby continues",
    ],
    "records": records,
}
with open(json_path, "w") as f:
    json.dump(results, f, indent=1)
    f.write("\n")


def fmt(x, spec="{:,.0f}"):
    return "n/a" if x is None else spec.format(x)


md = []
w = md.append
w("# Benchmarks: lbdr against IPVS (DR)\n")
boots = len(of("vm"))
w(f"Generated by `tests/bench/run` from {boots} VM boot{'s' if boots != 1 else ''}"
  f"{' (measures split over boots, see Problems)' if boots > 1 else ''};")
w("do not edit by hand. Raw records and medians: `docs/benchmarks.json`.\n")
secs = [r["seconds"] for r in of("end")]
w("Reproduce" + (f" (the run here took {sum(secs) / 60:.0f} minutes in the VM)" if secs else "") + ":\n")
w("```\n" + command + "\n```\n")
w("## Machine\n")
w(f"- Host: {machine['host_cpu']}, {machine['host_cpus']} CPUs (shared with other work), Linux {machine['host_kernel']}")
w(f"- Guest: {machine['emulation']}, Debian stock kernel {machine['vm_kernel']}, "
  f"{machine['vm_cpus']} vCPUs, {fmt((machine['vm_mem_kb'] or 0) / 1024)} MiB")
w(f"- lbdr.ko srcversion {', '.join(r.get('lbdr_srcversion', '?') for r in of('vm'))}"
  f" (one per boot), tree {machine['lbdr_git']}")
w("- Times and costs below are in the guest's (emulated) time.")
w("- Absolute numbers belong to this emulated machine only (roughly 10x slower than")
w("  native, and noisy); compare the ratios. Each mode runs alternately with the")
w("  others (A B A B ...) after one discarded warm-up round; figures are medians.\n")

w("## 1. Forwarding, established flows\n")
w("pktgen `xmit_mode netif_receive` into the balancer's ingress veth: 64-byte UDP to")
w("VIP:80 over 1000 flows (source ports 10000-10999), warmed up so every flow is")
w("established; counted on the server link. FLOOR = tc ingress pedit (L2 destination)")
w("+ mirred redirect to the server link. Own cost = 1/pps(mode) − 1/pps(floor).\n")
if "forward" in summary:
    s = summary["forward"]
    w("| mode | runs | pps (median) | own cost ns/packet |")
    w("|---|---|---|---|")
    names = {"floor": "FLOOR (tc pedit+mirred)", "fwd": "plain IP forwarding",
             "ipvs": "IPVS DR (rr, conntrack off)", "lbdr": "lbdr (maglev)"}
    for m in ("floor", "fwd", "ipvs", "lbdr"):
        w(f"| {names[m]} | {s[m]['runs']} | {fmt(s[m]['pps_median'])} | "
          f"{'0 (reference)' if m == 'floor' else fmt(s[m].get('own_cost_ns'))} |")
    r = s["ratios"]
    w("")
    w("| ratio of own costs | value | target |")
    w("|---|---|---|")
    w(f"| lbdr / IPVS DR | {fmt(r['lbdr_over_ipvs'], '{:.2f}')} | ≤ 0.4 |")
    w(f"| lbdr / IP forwarding | {fmt(r['lbdr_over_fwd'], '{:.2f}')} | ≤ 1.0 |")
    w(f"| IPVS DR / IP forwarding | {fmt(r['ipvs_over_fwd'], '{:.2f}')} | (context) |")
    if "conntrack_entries_in_balancer_netns" in summary:
        w(f"\nConntrack entries in the balancer's namespace afterwards: "
          f"{summary['conntrack_entries_in_balancer_netns']} (conntrack off for both).")
else:
    w("Not measured (the run failed; see the results JSON).")
w("")

w("## 2. New flows per second\n")
w("Every packet a new UDP tuple (sources stepping through 16.0.0.0/12), so every")
w("packet creates a connection entry; flows/s = delivered packets per second.")
w("pktgen has no TCP: UDP stands in for the SYN of the issue. IPVS keeps its")
w("default connection hash (4096 buckets, `conn_tab_bits=12`).\n")
if "newflows" in summary:
    s = summary["newflows"]
    w("| balancer | runs | entries per run | new flows/s (median) |")
    w("|---|---|---|---|")
    for t, n in (("ipvs", "IPVS DR"), ("lbdr", "lbdr")):
        w(f"| {n} | {s[t]['runs']} | {fmt(s[t]['entries'])} | {fmt(s[t]['flows_per_s_median'])} |")
    a, b = s["lbdr"]["flows_per_s_median"], s["ipvs"]["flows_per_s_median"]
    w(f"\nlbdr / IPVS: {fmt(a / b if a and b else None, '{:.2f}')} (target ≥ 2).")
else:
    w("Not measured.")
w("")

w("## 3. Memory per connection\n")
w("After the new-flow runs above, with the entries still in the table. Slab:")
w("growth of the entry's slab cache (`/sys/kernel/slab/lbdr_conn`, `ip_vs_conn`;")
w("lbdr's 64-byte cache may be merged with another, the growth is still this")
w("run's) over the entries. Kernel: fall of MemFree over the entries, which adds")
w("hash tables (lbdr's rhashtable grows with the entries; IPVS's is fixed).\n")
if "newflows" in summary:
    s = summary["newflows"]
    w("| balancer | entries | object slab size B | slab B/conn (median) | kernel B/conn (median) |")
    w("|---|---|---|---|---|")
    for t, n in (("ipvs", "IPVS (ip_vs_conn)"), ("lbdr", "lbdr (lbdr_conn)")):
        w(f"| {n} | {fmt(s[t]['entries'])} | {fmt(s[t]['slab_size'])} | "
          f"{fmt(s[t]['slab_bytes_per_conn_median'], '{:.1f}')} | {fmt(s[t]['kernel_bytes_per_conn_median'], '{:.1f}')} |")
    a, b = s["lbdr"]["kernel_bytes_per_conn_median"], s["ipvs"]["kernel_bytes_per_conn_median"]
    w(f"\nlbdr / IPVS (kernel bytes): {fmt(a / b if a and b else None, '{:.2f}')} (target ≤ 0.5).")
else:
    w("Not measured.")
w("")

w("## 5. Control plane\n")
w("N services × 10 real servers from one file: `lbadm restore -f` against")
w("`ipvsadm -R`; then dump everything: `lbadm -j service show` against `ipvsadm -Ln`.")
w("Both with the wrr scheduler (lbdr's default Maglev would add a table build per")
w("service), each run in a fresh namespace; wall time in the VM.\n")
if "control" in summary:
    w("| services | runs (IPVS/lbdr) | ipvsadm -R s | lbadm restore s | speed-up | ipvsadm -Ln s | lbadm -j service show s | speed-up |")
    w("|---|---|---|---|---|---|---|---|")
    for n, s in summary["control"].items():
        i, l = s["ipvs"], s["lbdr"]
        su = lambda a, b: fmt(a / b if a and b else None, "{:.2f}")
        w(f"| {int(n):,} | {i['runs']}/{l['runs']} | {fmt(i['restore_s_median'], '{:.3f}')} | {fmt(l['restore_s_median'], '{:.3f}')} | "
          f"{su(i['restore_s_median'], l['restore_s_median'])} | {fmt(i['dump_s_median'], '{:.3f}')} | "
          f"{fmt(l['dump_s_median'], '{:.3f}')} | {su(i['dump_s_median'], l['dump_s_median'])} |")
    w("\nSpeed-up = IPVS time / lbdr time (target for restore of 10k: ≥ 10).")
else:
    w("Not measured.")
w("")

w("## Not measured yet\n")
for x in results["not_measured"]:
    w(f"- {x}")
if problems:
    w("\n## Problems in this run\n")
    for p in problems:
        w(f"- {p}")
w("")
with open(md_path, "w") as f:
    f.write("\n".join(md))

for p in problems:
    print("bench: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
