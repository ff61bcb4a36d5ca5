# Step 6: how much of the 2-epoch result is the initial head? Same training (batch 64, Adam 1e-3, 2 epochs),
# init variants: zero kernel (a plain logistic regression start), glorot_uniform scaled by k, glorot_normal
# (TF.js's Dense default), with and without dropout. 100 seeds each (shuffle/dropout from the seed).
#   python3 06_init_effect.py feats.f32 [NSEEDS]
import sys, numpy as np
from head_train import *
tr, va, y = load_split()
F = np.fromfile(sys.argv[1], np.float32).reshape(-1, 1024)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100
def gn(rng):  # glorot_normal: truncated normal, stddev sqrt(2/(fan_in+fan_out))/.8796
    sd = np.sqrt(2 / 1025) / 0.87962566103423978; v = rng.normal(0, sd, 1024)
    while np.any(np.abs(v) > 2 * sd): m = np.abs(v) > 2 * sd; v[m] = rng.normal(0, sd, m.sum())
    return v
inits = {'zeros': lambda r: np.zeros(1024), 'glorot_uniform x0.1': lambda r: 0.1 * glorot(r),
         'glorot_uniform x0.5': lambda r: 0.5 * glorot(r), 'glorot_uniform': glorot, 'glorot_normal': gn}
for name, f in inits.items():
    for drop in ('bernoulli', 'none'):
        a1, a2 = [], []
        for s in range(N):
            h, _, _ = train(F, y, tr, va, f(np.random.default_rng(s)), rng=np.random.default_rng(10_000 + s), dropout=drop)
            a1.append(h[0]['val_acc']); a2.append(h[1]['val_acc'])
        a1, a2 = np.array(a1), np.array(a2)
        print(f"{name:20s} dropout={'0.2' if drop=='bernoulli' else 'no '}  e1 mean {a1.mean():.4f}  e2 mean {a2.mean():.4f} "
              f"sd {a2.std():.4f} min {a2.min():.4f} max {a2.max():.4f} P(e2>=0.95) {np.mean(a2 >= 0.95 - 1e-9):.2f}")
