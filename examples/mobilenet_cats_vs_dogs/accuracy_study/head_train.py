# Step 3: the guide's head (GAP features -> Dropout(0.2) -> Dense(1), BCE from logits, Keras Adam lr 1e-3,
# b1 .9, b2 .999, eps 1e-7, batch 64, accuracy = logit > 0) trained in numpy on a feature file, with the split of
# split.tsv (xcc's = Keras image_dataset_from_directory(validation_split=0.2, seed=1337)).
import numpy as np

M32 = np.uint64(0xFFFFFFFF)
def mix(x):  # xcc::rt::mixBits on uint64 arrays holding uint32 values
    x = x.astype(np.uint64) & M32
    x ^= x >> np.uint64(16); x = (x * np.uint64(0x7feb352d)) & M32
    x ^= x >> np.uint64(15); x = (x * np.uint64(0x846ca68b)) & M32
    x ^= x >> np.uint64(16); return x

def xcc_dropout_mask(run_seed, iteration, n, width=1024, rate=0.2, layer_seed=0):
    key = mix(np.uint64(run_seed) ^ mix(np.uint64(iteration) ^ mix(np.uint64(layer_seed))))
    idx = np.arange(n * width, dtype=np.uint64)
    draw = (mix(idx ^ key) >> np.uint64(8)).astype(np.float32) * np.float32(1.0 / 16777216.0)
    return np.where(draw >= np.float32(rate), np.float32(1.0 / (1.0 - rate)), np.float32(0)).reshape(n, width)

def load_split(d='.'):
    sub, lab = [], []
    for line in open(f'{d}/split.tsv'):
        s, l, p = line.split(); sub.append(s); lab.append(int(l))
    sub = np.array(sub); lab = np.array(lab, np.float64)
    return np.where(sub == 'train')[0], np.where(sub == 'val')[0], lab

def glorot(rng, fan_in=1024, fan_out=1):
    lim = np.sqrt(6.0 / (fan_in + fan_out)); return rng.uniform(-lim, lim, size=fan_in)

def train(F, y, tr, va, w0, b0=0.0, epochs=2, batch=64, lr=1e-3, eps=1e-7, b1=0.9, b2=0.999,
          orders=None, rng=None, dropout='bernoulli', rate=0.2, run_seed=1337, dtype=np.float64):
    """Returns a list of per-epoch dicts. orders: list of permutations of range(len(tr)) per epoch (None: rng).
    dropout: 'xcc' (xcc's hash), 'bernoulli' (rng), 'none'."""
    F = F.astype(dtype); y = y.astype(dtype)
    w = np.array(w0, dtype); b = dtype(b0)
    mw = np.zeros_like(w); vw = np.zeros_like(w); mb = dtype(0); vb = dtype(0)
    it = 0; hist = []
    for e in range(epochs):
        order = orders[e] if orders is not None else rng.permutation(len(tr))
        hits = 0; loss = 0.0
        for s in range(0, len(order), batch):
            idx = tr[order[s:s + batch]]; n = len(idx)
            x = F[idx]
            if dropout == 'xcc': x = x * xcc_dropout_mask(run_seed, it, n, rate=rate).astype(dtype)
            elif dropout == 'bernoulli': x = x * ((rng.random(x.shape) >= rate) / (1 - rate)).astype(dtype)
            z = x @ w + b
            t = y[idx]
            loss += float(np.sum(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))))
            hits += int(np.sum((z > 0) == (t > 0.5)))
            g = (1 / (1 + np.exp(-z)) - t) / n
            gw = x.T @ g; gb = g.sum()
            it += 1
            mw = b1 * mw + (1 - b1) * gw; vw = b2 * vw + (1 - b2) * gw * gw
            mb = b1 * mb + (1 - b1) * gb; vb = b2 * vb + (1 - b2) * gb * gb
            step = lr * np.sqrt(1 - b2 ** it) / (1 - b1 ** it)
            w = w - step * mw / (np.sqrt(vw) + eps); b = b - step * mb / (np.sqrt(vb) + eps)
        zv = F[va] @ w + b
        vloss = float(np.mean(np.maximum(zv, 0) - zv * y[va] + np.log1p(np.exp(-np.abs(zv)))))
        hist.append(dict(acc=hits / len(tr), loss=loss / len(tr), val_acc=float(np.mean((zv > 0) == (y[va] > 0.5))),
                         val_loss=vloss, mean_init_logit=None))
    return hist, w, b
