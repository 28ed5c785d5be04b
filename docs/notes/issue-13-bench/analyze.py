import glob, re, statistics as st, os, sys
D = '/work/bench13-data'
def tv(path):
    t = open(path).read()
    g = lambda k: re.search(re.escape(k) + r'.*?: (\S+)\n', t)
    w = g('Elapsed (wall clock) time').group(1).split(':')
    wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
    cpu = float(g('User time (seconds)').group(1)) + float(g('System time (seconds)').group(1))
    rss = int(g('Maximum resident set size (kbytes)').group(1)) / 1024
    return wall, cpu, rss
def fmt(xs, f='{:.1f}'):
    return f.format(st.median(xs)) + ' (' + f.format(min(xs)) + '–' + f.format(max(xs)) + f', n={len(xs)})'
print('## seeds')
for size in ['1m', '10m']:
    rows = {}
    for which in ['old', 'o156', 'new']:
        runs = []
        for p in sorted(glob.glob(f'{D}/seed-{which}-{size}-*.time')):
            try: runs.append((os.path.basename(p),) + tv(p))
            except Exception: pass
        if runs: rows[which] = runs
    for which, runs in rows.items():
        print(size, which, [f'{r[0][5:-5]}: wall {r[1]:.1f} cpu {r[2]:.1f} rss {r[3]:.0f}' for r in runs])
        print('   wall', fmt([r[1] for r in runs]), 'cpu', fmt([r[2] for r in runs]), 'rss MB', fmt([r[3] for r in runs], '{:.0f}'))
print('## queries')
for db in ['new-1m-a', 'new-10m-a']:
    per = {}
    for p in sorted(glob.glob(f'{D}/q-{db}-*-*.out')):
        which = p[len(f'{D}/q-{db}-'):].split('-')[0]
        for m in re.finditer(r'  (\w+): compiled ([\d.]+) ms, oracle ([\d.]+) ms', open(p).read()):
            per.setdefault((m.group(1), which), []).append((float(m.group(2)), float(m.group(3))))
        try:
            w, c, r = tv(p + '.time'); per.setdefault(('_process', which), []).append((w, c))
        except Exception: pass
    if not per: continue
    print(db)
    names = []
    for (q, w) in per:
        if q not in names: names.append(q)
    for q in names:
        line = [q]
        for which in ['old', 'o156', 'new']:
            v = per.get((q, which))
            if v: line.append(f'{which}: c {fmt([x[0] for x in v])} o {fmt([x[1] for x in v])}')
        o, n = per.get((q, 'old')), per.get((q, 'new'))
        if o and n:
            line.append('ratio c %.2f o %.2f' % (st.median([x[0] for x in n]) / st.median([x[0] for x in o]), st.median([x[1] for x in n]) / st.median([x[1] for x in o])))
        print('  ' + ' | '.join(line))
print('## load')
for which in ['old', 'new']:
    for p in sorted(glob.glob(f'{D}/load-new-1m-a-{which}-*.out')):
        try:
            w, c, r = tv(p + '.time')
            print(which, os.path.basename(p), f'wall {w:.1f} cpu {c:.1f} rss {r:.0f}', re.findall(r'in [\d.]+ s[^\n]*', open(p).read())[-1:])
        except Exception as e: print(p, e)
