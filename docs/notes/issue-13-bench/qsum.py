import json, sys, statistics as st
rows = [json.loads(l) for l in open(sys.argv[1])]
ws = []
for r in rows:
    if r['w'] not in ws: ws.append(r['w'])
qs = []
for r in rows:
    if (r['q'], r['kind']) not in qs: qs.append((r['q'], r['kind']))
print('query kind | ' + ' | '.join(f'{w} wall med (min–max) cpu med' for w in ws) + ' | new/old wall, cpu' + (' | o156/old wall, cpu' if 'o156' in ws else ''))
tot = {w: [0, 0] for w in ws}
for q, k in qs:
    cells = []; med = {}
    for w in ws:
        v = [r for r in rows if r['q'] == q and r['kind'] == k and r['w'] == w]
        walls = [r['wall'] for r in v]; cpus = [r['cpu'] for r in v]
        med[w] = (st.median(walls), st.median(cpus)); tot[w][0] += med[w][0]; tot[w][1] += med[w][1]
        cells.append(f'{med[w][0]:.1f} ({min(walls):.1f}–{max(walls):.1f}, n={len(walls)}) cpu {med[w][1]:.0f}')
    extra = ''
    if 'new' in med and 'old' in med: extra += f" | {med['new'][0]/med['old'][0]:.2f}, {med['new'][1]/med['old'][1]:.2f}"
    if 'o156' in med: extra += f" | {med['o156'][0]/med['old'][0]:.2f}, {med['o156'][1]/med['old'][1]:.2f}"
    print(f'{q} {k} | ' + ' | '.join(cells) + extra)
print('sum of medians: ' + ', '.join(f'{w}: wall {t[0]:.0f} ms cpu {t[1]:.0f} ms' for w, t in tot.items()))
