# Step 1: JPEG properties of every image (PIL 9.4, Debian): format, mode, size, progressive, EXIF orientation,
# Adobe marker, ICC profile, subsampling, whether PIL reports anything odd. Writes props.tsv, prints a summary.
import os, sys, collections
from PIL import Image, JpegImagePlugin
root = '/work/shared/data/cats_vs_dogs'
rows = []
for cls in ('cats', 'dogs'):
    for f in sorted(os.listdir(os.path.join(root, cls))):
        p = os.path.join(root, cls, f)
        raw = open(p, 'rb').read()
        r = dict(path=f'{cls}/{f}', bytes=len(raw), magic=raw[:3].hex())
        try:
            im = Image.open(p)
            r['format'] = im.format; r['mode'] = im.mode; r['w'], r['h'] = im.size
            r['progressive'] = int(bool(im.info.get('progressive') or im.info.get('progression')))
            exif = im.getexif()
            r['orientation'] = exif.get(0x0112, '')
            r['adobe'] = int('adobe' in im.info)
            r['icc'] = int('icc_profile' in im.info)
            try: r['subsampling'] = JpegImagePlugin.get_sampling(im)
            except Exception: r['subsampling'] = '?'
            try:
                im.load(); r['load'] = 'ok'
            except Exception as e:
                r['load'] = 'ERR ' + str(e)
            r['trailing'] = int(not raw.rstrip(b'\0').endswith(b'\xff\xd9'))
        except Exception as e:
            r['format'] = 'ERR ' + str(e)
        rows.append(r)
keys = ['path','bytes','magic','format','mode','w','h','progressive','orientation','adobe','icc','subsampling','load','trailing']
with open('props.tsv','w') as f:
    f.write('\t'.join(keys)+'\n')
    for r in rows: f.write('\t'.join(str(r.get(k,'')) for k in keys)+'\n')
print('images', len(rows))
for k in ['format','mode','progressive','orientation','adobe','icc','subsampling','load','trailing','magic']:
    print(k, dict(collections.Counter(str(r.get(k,'')) for r in rows)))
ws = [r.get('w',0) for r in rows]; hs = [r.get('h',0) for r in rows]
print('width min/max', min(ws), max(ws), 'height min/max', min(hs), max(hs))
print('unusual:')
for r in rows:
    if r.get('mode')!='RGB' or r.get('progressive') or r.get('orientation') not in ('',1) or r.get('load')!='ok' or r.get('adobe') or r.get('trailing') or r.get('format')!='JPEG':
        print('  ', {k:r.get(k) for k in keys})
