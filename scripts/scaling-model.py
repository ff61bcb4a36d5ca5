#!/usr/bin/env python3
"""The data-parallel fit's cost model for N machines (BENCHMARKS.md, "Data-parallel fit"): prints, for the guide's
Xception fine-tune, the exposed gradient-sum time and the scaling efficiency per link speed, gradient precision
and machine count, as a Markdown table.

Inputs, each measured on this project's machines (defaults: the session-11 measurements in BENCHMARKS.md):
  --step S        a machine's fine-tune train step at its batch (2.0 s: 32 images at 16.1 img/s, scripts/bench.sh)
  --ready F,...   when each gradient bucket is final, as fractions of that step (xcc-allreduce-bench)
  --mb M          the gradients (83.2 MB in float32; bf16 gradients halve it)
  --latency A     one message hop (30 us: a switched Ethernet's TCP round trip, halved)

Model: a ring allreduce of S bytes over N machines sends 2(N-1)/N x S bytes per link and makes 2(N-1) hops per
bucket (Patarasuk and Yuan 2009, the algorithm Horovod and NCCL use across hosts). The link is one resource: a
bucket starts when its gradients are final and the bucket before it has been sent. What is left after the step's
compute is exposed; weak scaling (each machine keeps its batch, the global batch grows with N):
efficiency = step / (step + exposed). Without overlap, every sum is exposed.
"""
import argparse


def exposed(step, ready, mb, gbps, n, latency, overlap):
    if n == 1:
        return 0.0
    per_bucket = mb / len(ready)
    wire = lambda m: 2 * (n - 1) / n * m * 8e6 / (gbps * 1e9) + 2 * (n - 1) * latency
    link_free = 0.0
    for f in ready:
        start = max(f * step if overlap else step, link_free)
        link_free = start + wire(per_bucket)
    return max(0.0, link_free - step)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--step", type=float, default=2.0)
    p.add_argument("--ready", default="0.40,0.40,0.42,0.46,0.53,0.56,0.59,0.67,0.90,1.00")
    p.add_argument("--mb", type=float, default=83.2)
    p.add_argument("--latency", type=float, default=30e-6)
    a = p.parse_args()
    ready = [float(x) for x in a.ready.split(",")]
    machines = [2, 8, 32, 100]
    print("| link | gradients | exposed sum at N = " + " / ".join(map(str, machines)) +
          " | efficiency with overlap | without overlap |")
    print("|---|---|---|---|---|")
    for gbps in [1, 10, 25, 100]:
        for name, mb in [("float32", a.mb), ("bf16", a.mb / 2)]:
            ex = [exposed(a.step, ready, mb, gbps, n, a.latency, True) for n in machines]
            eff = [a.step / (a.step + e) for e in ex]
            plain = [a.step / (a.step + exposed(a.step, ready, mb, gbps, n, a.latency, False)) for n in machines]
            print(f"| {gbps} Gb/s | {name} ({mb:.1f} MB) | " + " / ".join(f"{e:.2f} s" for e in ex) + " | " +
                  " / ".join(f"{100 * e:.0f} %" for e in eff) + " | " +
                  " / ".join(f"{100 * e:.0f} %" for e in plain) + " |")


if __name__ == "__main__":
    main()
