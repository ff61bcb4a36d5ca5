# Replays xcc's phase-1 run in numpy exactly: xcc's features, xcc's initial head (init_xcc.f32), xcc's epoch
# orders (order_e*.txt), xcc's dropout masks (dropout_mask.h), float32. xcc's history.csv says:
#   epoch 1: acc 0.5881 loss 0.7657 val_acc 0.8528 val_loss 0.5142; epoch 2: 0.7753 0.4988 0.9306 0.3746
import numpy as np
from head_train import *
tr, va, y = load_split()
F = np.fromfile('feats_xcc.f32', np.float32).reshape(-1, 1024)
init = np.fromfile('init_xcc.f32', np.float32)
orders = [np.loadtxt(f'order_e{e}.txt', dtype=int) for e in range(2)]
for dt in (np.float32, np.float64):
    h, w, b = train(F, y, tr, va, init[:1024], init[1024], orders=orders, dropout='xcc', dtype=dt)
    for e, r in enumerate(h):
        print(dt.__name__, f"epoch {e+1}: acc {r['acc']:.4f} loss {r['loss']:.4f} val_acc {r['val_acc']:.4f} val_loss {r['val_loss']:.4f}")
print('initial logits on train: mean %.3f, fraction > 0: %.3f' % (np.mean(F[tr] @ init[:1024]), np.mean(F[tr] @ init[:1024] > 0)))
