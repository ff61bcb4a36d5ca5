# Step 2b: per-image comparison of feature files against xcc's (feats_xcc.f32): max |diff|, relative L2, cosine.
import sys, os, numpy as np
X = np.fromfile('feats_xcc.f32', np.float32).reshape(-1, 1024).astype(np.float64)
print(f"{'features':28s} {'max|d| (all)':>12s} {'max|d|/img med':>14s} {'relL2 med':>10s} {'relL2 max':>10s} {'cos min':>10s} {'cos med':>10s}")
for p in sys.argv[1:]:
    if not os.path.exists(p): continue
    Y = np.fromfile(p, np.float32).reshape(-1, 1024).astype(np.float64)
    d = np.abs(X - Y); rel = np.linalg.norm(X - Y, axis=1) / np.linalg.norm(X, axis=1)
    cos = np.sum(X * Y, 1) / np.linalg.norm(X, axis=1) / np.linalg.norm(Y, axis=1)
    print(f"{p:28s} {d.max():12.3g} {np.median(d.max(1)):14.3g} {np.median(rel):10.3g} {rel.max():10.3g} {cos.min():10.6f} {np.median(cos):10.6f}")
