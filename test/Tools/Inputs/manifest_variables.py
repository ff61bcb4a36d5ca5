"""Prints a manifest's Keras variables as keras3_save_order.py does: "group PATH NAME" lines, then
"var PATH LAYER WEIGHT" lines, each in the manifest's (save) order. With --sources, each variable line goes on
with where its value comes from: "parameter=I", "weights=KEYLAYER/KEYWEIGHT", "initializer=NAME seed=S" or
"random_weights seed=S", then "hash=H" when recorded."""
import json
import sys

sources = "--sources" in sys.argv
manifest = json.load(open(sys.argv[-1]))
if not sources:
    for g in manifest["variable_groups"]:
        print("group", g["path"], g["name"])
for v in manifest["variables"]:
    line = ["var", v["path"], v["layer"], v["weight"]]
    if sources:
        line.append({"parameter": lambda: f"parameter={v['parameter']}",
                     "weights": lambda: f"weights={v['key']['layer']}/{v['key']['weight']}",
                     "initializer": lambda: f"initializer={v['init']} seed={v['seed']}",
                     "random_weights": lambda: f"random_weights seed={v['seed']}",
                     "nothing": lambda: "nothing"}[v["from"]]())
        if "hash" in v:
            line.append("hash=" + v["hash"])
    print(" ".join(line))
