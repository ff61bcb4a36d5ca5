# Step 4: other pixel pipelines for the same files (224x224, 0..255 float32, same order as split.tsv), written as
# pixels_<variant>.f32 for `xcc_dump features` (the network is checked equal to TF.js's, so only pixels differ):
#   pil_hp     PIL 9.4 decode (libjpeg-turbo, ISLOW DCT) + tf.image.resize (half-pixel, no antialias)
#   legacy     xcc decode + TF legacy bilinear (align_corners=False, half_pixel_centers=False: TF.js's default)
#   ac         xcc decode + align_corners=True bilinear (nsfwjs's choice)
#   antialias  xcc decode + PIL bilinear on float images (antialiased when shrinking, like tf.image.resize(antialias=True)
#              / Keras 3 Resizing(antialias=True) or PIL-based loaders)
# Also prints per-image max |pixel diff| of PIL's decode against xcc's (IFAST) decode.
import sys, numpy as np
from PIL import Image

def taps(out, inn, mode):
    i = np.arange(out, dtype=np.float32)
    if mode == 'hp':
        sc = np.float32(inn) / np.float32(out); x = (i + np.float32(0.5)) * sc - np.float32(0.5)
    elif mode == 'legacy':
        sc = np.float32(inn) / np.float32(out); x = i * sc
    elif mode == 'ac':
        sc = np.float32(inn - 1) / np.float32(out - 1) if out > 1 else np.float32(0); x = i * sc
    fl = np.floor(x)
    lo = np.maximum(fl, 0).astype(int); hi = np.minimum(np.ceil(x), inn - 1).astype(int)
    return lo, hi, (x - fl).astype(np.float32)

def resize(img, mode, oh=224, ow=224):
    img = img.astype(np.float32)
    y0, y1, yl = taps(oh, img.shape[0], mode); x0, x1, xl = taps(ow, img.shape[1], mode)
    xl = xl[None, :, None]; yl = yl[:, None, None]
    tl = img[y0][:, x0]; tr = img[y0][:, x1]; bl = img[y1][:, x0]; br = img[y1][:, x1]
    top = tl + (tr - tl) * xl; bot = bl + (br - bl) * xl
    return top + (bot - top) * yl

def antialias(img):
    return np.stack([np.asarray(Image.fromarray(img[:, :, c].astype(np.float32), mode='F').resize((224, 224), Image.BILINEAR))
                     for c in range(3)], -1)

paths = [l.split()[2] for l in open('split.tsv')]
meta = [tuple(map(int, l.split())) for l in open('decoded_xcc.tsv')]
dec = np.memmap('decoded_xcc.u8', np.uint8, 'r')
variants = sys.argv[1:] or ['pil_hp', 'legacy', 'ac', 'antialias']
outs = {v: open(f'pixels_{v}.f32', 'wb') for v in variants}
xccpix = np.memmap('pixels_xcc.f32', np.float32, 'r').reshape(-1, 224, 224, 3)
decdiff = []; hpcheck = 0.0
for i, p in enumerate(paths):
    h, w, off = meta[i]
    img = np.asarray(dec[off:off + h * w * 3]).reshape(h, w, 3)
    if i < 50: hpcheck = max(hpcheck, float(np.abs(resize(img, 'hp') - xccpix[i]).max()))
    for v, f in outs.items():
        if v == 'pil_hp':
            pil = np.asarray(Image.open(p).convert('RGB'))
            decdiff.append((np.abs(pil.astype(int) - img.astype(int)).max(), np.abs(pil.astype(int) - img.astype(int)).mean()))
            r = resize(pil, 'hp')
        elif v == 'antialias': r = antialias(img)
        else: r = resize(img, v)
        f.write(np.ascontiguousarray(r, np.float32).tobytes())
print('numpy half-pixel resize vs xcc resize, first 50 images: max |diff| =', hpcheck)
if decdiff:
    d = np.array(decdiff)
    print('PIL (ISLOW) vs xcc (IFAST) decode: per-image max |diff| median %.0f max %.0f; mean |diff| median %.3f max %.3f'
          % (np.median(d[:, 0]), d[:, 0].max(), np.median(d[:, 1]), d[:, 1].max()))
