#!/usr/bin/env python3
"""Sums Halide's profiler report of a train step per kernel family, forward and backward (scripts/profile.sh).

usage: profile_families.py REPORT KERNEL_GRAPH BATCH RUNS PEAK_GFLOPS [STAGES]

REPORT is xcc-profile-bench's output (Halide's report: per pipeline its runs, per function its time per run);
KERNEL_GRAPH is `xcc compile --emit=kernel-graph` of the same phase (one node per line: kind, layer, shape).
A function is named after its layer (the layer's path with '/' as '_'), with a suffix that says its part:
"_d_input" an input gradient, "_d_<weight>" a weight gradient (a reduction over the batch), "__dw" the depthwise
half of a separable convolution, "__dmid" the gradient between its halves, "__dpre" the gradient before an
activation, "__sums" a BatchNorm's sums behind its γ and β gradients, "$N" a copy, "__acc"/"_intm" an
accumulator. The family comes from the layer's node: a 1x1 convolution is pointwise (or residual when strided), a
3x3 one the stem, separable ones split into depthwise and pointwise halves, the rest is BN and elementwise work.
GFLOP/s count the convolutions' and Dense's multiply-adds (2 FLOP each); the other families have none that count.
STAGES (comma-separated regular expressions) adds a table of the ms per step of the functions each matches, for
a look inside a family (e.g. "pointwise_kernel_x_pairs" for the separable layers' kernel-gradient operands).
"""
import json
import re
import sys
from collections import defaultdict


def load_graph(path):
    """The forward nodes of a train step's kernel graph: those before its loss (the backward's nodes are named
    like the functions that compute them, which would hide the layers they belong to)."""
    nodes, loss = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            loss = json.loads(line).get("loss")
        m = re.match(r"^%(\d+) (\{.*\})$", line)
        if m:
            nodes[int(m.group(1))] = json.loads(m.group(2))
    return {i: n for i, n in nodes.items() if loss is None or i < loss}


def layer_info(nodes, batch):
    """layer name (as in function names) -> (kind, {part: forward FLOP per step})."""
    info = {}
    for n in nodes.values():
        kind, layer = n.get("kind"), n.get("layer")
        if not layer or kind in ("constant", "param", "input"):
            continue
        shape = [batch if d < 0 else d for d in n.get("shape", [])]
        ops = [nodes[o] for o in n.get("operands", []) if o in nodes]
        kernels = [o["shape"] for o in ops if o.get("kind") in ("constant", "param") and len(o.get("shape", [])) == 4]
        flop = {}
        out = 1
        for d in shape[:-1]:
            out *= d
        if kind == "conv2d" and kernels:
            kh, kw, cin, cout = kernels[0]
            strided = any(s > 1 for s in n.get("strides", [1, 1]))
            part = "stem 3x3" if kh > 1 else ("residual 1x1/2" if strided else "pointwise 1x1")
            flop[part] = 2.0 * out * cout * cin * kh * kw
        elif kind == "separable_conv2d" and len(kernels) >= 2:
            kh, kw, cin, _ = kernels[0]
            cout = kernels[1][3]
            flop["depthwise"] = 2.0 * out * cin * kh * kw
            flop["pointwise 1x1"] = 2.0 * out * cin * cout
        elif kind == "depthwise_conv2d" and kernels:
            kh, kw, c, m = kernels[0]
            flop["depthwise"] = 2.0 * out * c * m * kh * kw
        elif kind == "dense":
            w = [o["shape"] for o in ops if o.get("kind") in ("constant", "param") and len(o.get("shape", [])) == 2]
            flop["dense"] = 2.0 * out * (w[0][0] * w[0][1] if w else 0)
        info[layer.replace("/", "_")] = (kind, flop)
    return info


def family_of(func, info):
    """(family, direction) of a Halide function."""
    base = re.sub(r"\$\d+$", "", func)
    if base in ("update",) or base.startswith("update"):
        return "Adam", "update"
    if base in ("loss", "loss_acc", "metrics", "dloss", "sum") or base.startswith("loss_rows"):
        return "loss", "backward"
    if base.startswith("argmax") or base.startswith("grad_sum"):
        return "BN/elementwise", "backward"  # max-pool gradients; sums of a value's gradients from its users
    layer = max((l for l in info if base == l or base.startswith(l + "_")), key=len, default=None)
    if layer is None:
        return "other", "?"
    rest = base[len(layer):]
    kind, flop = info[layer]
    sums = "__sums" in rest  # a BatchNorm's γ and β gradients, in one pass
    backward = "_d_" in rest or "__dpre" in rest or "__dmid" in rest or sums
    direction = "backward" if backward else "forward"
    weight_grad = re.search(r"_d_(?!input)", rest) is not None or sums
    if kind == "separable_conv2d":
        # The depthwise half: "__dw" forward, its kernel's gradient, and the input gradient (from "__dmid", the
        # gradient between the halves, which the pointwise half's input gradient computes).
        depthwise = "__dw" in rest or "depthwise" in rest or rest.startswith("_d_input")
        family = "depthwise" if depthwise else "pointwise 1x1"
    elif flop:
        family = next(iter(flop))
    else:
        family = "BN/elementwise"
    if weight_grad:
        family += " (weight gradient)"
    return family, direction


def main():
    report, graph, batch, runs, peak = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    info = layer_info(load_graph(graph), batch)
    # Halide prints each function's time per run of its pipeline; a pipeline runs once per step, or once per
    # parameter and step (the update).
    stages = [s for s in sys.argv[6].split(",") if s] if len(sys.argv) > 6 else []
    times, stage_times = defaultdict(float), defaultdict(float)
    calls = 1
    for line in open(report):
        header = re.match(r"^\s+total time: [0-9.]+ ms\s+samples: \d+\s+runs: (\d+)", line)
        if header:
            calls = int(header.group(1))
            continue
        m = re.match(r"^\s+([A-Za-z_][\w$.]*):\s*([0-9.]+)ms", line)
        if m:
            ms = float(m.group(2)) * calls / runs
            times[family_of(m.group(1), info)] += ms
            for s in stages:
                if re.search(s, m.group(1)):
                    stage_times[s] += ms
    flops = defaultdict(float)
    for kind, flop in info.values():
        for part, f in flop.items():
            flops[(part, "forward")] += f
            flops[(part, "backward")] += f  # the input gradient
            flops[(part + " (weight gradient)", "backward")] += f
    total = sum(times.values())
    print(f"| family | pass | ms per step | share | GFLOP per step | GFLOP/s | of peak ({peak:.0f}) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (family, direction), ms in sorted(times.items(), key=lambda kv: -kv[1]):
        f = flops.get((family, direction), 0.0) / 1e9
        rate = f / (ms / 1e3) if f and ms else 0.0
        print(f"| {family} | {direction} | {ms:.1f} | {100 * ms / total:.1f} % | " +
              (f"{f:.1f} | {rate:.0f} | {100 * rate / peak:.0f} % |" if f else "| | |"))
    print(f"| all | | {total:.1f} | 100 % | | | |")
    if stages:
        print("\n| functions matching | ms per step |\n|---|---:|")
        for s in stages:
            print(f"| `{s}` | {stage_times[s]:.1f} |")


if __name__ == "__main__":
    main()
