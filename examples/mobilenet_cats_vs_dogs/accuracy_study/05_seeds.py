# Step 5: distribution over seeds of the head's val accuracy (logit > 0) after epochs 1 and 2, same split as xcc,
# per feature file. Seed s drives (numpy default_rng(s)) glorot_uniform init, each epoch's shuffle and the
# Bernoulli dropout mask; the same seeds are used for every feature set (paired comparison).
#   python3 05_seeds.py NSEEDS feats_a.f32 [feats_b.f32 ...]
import sys, numpy as np
from head_train import *
tr, va, y = load_split()
N = int(sys.argv[1])
def summarize(name, accs):
    a = np.array(accs)
    return (f"{name:34s} mean {a.mean():.4f} sd {a.std():.4f} min {a.min():.4f} p10 {np.percentile(a,10):.4f} "
            f"med {np.median(a):.4f} p90 {np.percentile(a,90):.4f} max {a.max():.4f} P(>=0.95) {np.mean(a >= 0.95 - 1e-9):.2f}")
for path in sys.argv[2:]:
    F = np.fromfile(path, np.float32).reshape(-1, 1024)
    res = {k: [] for k in ['drop_e1', 'drop_e2', 'nodrop_e1', 'nodrop_e2', 'drop_e4', 'drop_e10']}
    init_logit = []
    for s in range(N):
        w0 = glorot(np.random.default_rng(s))
        init_logit.append(float(np.mean(F[tr] @ w0)))
        h, _, _ = train(F, y, tr, va, w0, rng=np.random.default_rng(10_000 + s), dropout='bernoulli', epochs=10)
        res['drop_e1'].append(h[0]['val_acc']); res['drop_e2'].append(h[1]['val_acc'])
        res['drop_e4'].append(h[3]['val_acc']); res['drop_e10'].append(h[9]['val_acc'])
        h, _, _ = train(F, y, tr, va, w0, rng=np.random.default_rng(10_000 + s), dropout='none', epochs=2)
        res['nodrop_e1'].append(h[0]['val_acc']); res['nodrop_e2'].append(h[1]['val_acc'])
    print(f"== {path} ({N} seeds)")
    for k, v in res.items():
        print('  ' + summarize(k, v))
    il = np.array(init_logit); a2 = np.array(res['drop_e2'])
    print(f"  corr(initial mean train logit, val acc e2) = {np.corrcoef(il, a2)[0,1]:.3f}; "
          f"val acc e2 when initial mean logit < -2: {a2[il < -2].mean() if (il < -2).any() else float('nan'):.4f} "
          f"(n={int((il < -2).sum())}), |logit| < 1: {a2[np.abs(il) < 1].mean():.4f} (n={int((np.abs(il) < 1).sum())})")
    np.save(path.replace('.f32', '') + f'_seeds{N}.npy', np.array([res[k] for k in res] + [init_logit]))
