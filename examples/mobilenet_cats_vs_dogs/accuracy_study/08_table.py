# Step 5b: one table, paired over the same seeds, for every feature set: val accuracy after 2 epochs
#  A: xcc's exact run replayed (xcc's init, epoch orders, dropout masks) on these features
#  B: the guide's head, glorot_uniform init + dropout 0.2 (seeds 0..N-1)
#  C: the same without dropout (logistic regression on glorot init)
#  D: zero-initialised logistic regression (no dropout): the "logistic head" REFERENCE §4 most likely measured
#  E: B after 10 epochs (where the head converges)
#   python3 08_table.py N feats...
import sys, numpy as np
from head_train import *
tr, va, y = load_split()
N = int(sys.argv[1])
init = np.fromfile('init_xcc.f32', np.float32)
orders = [np.loadtxt(f'order_e{e}.txt', dtype=int) for e in range(2)]
def st(a):
    a = np.array(a); return f"{a.mean():.4f}±{a.std():.4f} [{a.min():.3f},{a.max():.3f}] {np.mean(a >= 0.95 - 1e-9):.2f}"
print(f"{'features':26s} {'A: xcc run':>10s} | B glorot+dropout e2: mean±sd [min,max] P(>=.95) | C glorot no-dropout e2 | D zero-init logistic e2 | E glorot+dropout e10")
for p in sys.argv[2:]:
    F = np.fromfile(p, np.float32).reshape(-1, 1024)
    A = train(F, y, tr, va, init[:1024], init[1024], orders=orders, dropout='xcc', dtype=np.float32)[0][1]['val_acc']
    B, C, D, E = [], [], [], []
    for s in range(N):
        w0 = glorot(np.random.default_rng(s))
        h = train(F, y, tr, va, w0, rng=np.random.default_rng(10_000 + s), dropout='bernoulli', epochs=10)[0]
        B.append(h[1]['val_acc']); E.append(h[9]['val_acc'])
        C.append(train(F, y, tr, va, w0, rng=np.random.default_rng(10_000 + s), dropout='none')[0][1]['val_acc'])
        D.append(train(F, y, tr, va, np.zeros(1024), rng=np.random.default_rng(10_000 + s), dropout='none')[0][1]['val_acc'])
    print(f"{p:26s} {A:10.4f} | {st(B)} | {st(C)} | {st(D)} | {st(E)}", flush=True)
