# Drives the per-binding harness processes query by query, alternating their order (ABC, CBA, ...).
import subprocess, sys, json, statistics as st, time, os
db, runs, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
which = sys.argv[4].split(',') if len(sys.argv) > 4 else ['old', 'new']
kinds = sys.argv[5].split(',') if len(sys.argv) > 5 else ['compiled', 'oracle']
skip = set(sys.argv[6].split(',')) if len(sys.argv) > 6 else set()  # 'query:kind' already measured
H = os.environ.get('QH', '/work/bench13-data/tools/qh')  # where old/, new/ and o156bin/ were built
bins = {'old': f'{H}/old/bin/Release/net10.0/qh-old', 'new': f'{H}/new/bin/Release/net10.0/qh-new', 'o156': f'{H}/o156bin/qh-old'}
args = [db, '/work/bench13-data/sql', '/work/wt/bench13/tests/CxSemantic.Compiler.Tests/Oracle']
procs = {}
for w in which:
    p = subprocess.Popen([bins[w]] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    procs[w] = p
    print(w, p.stdout.readline().strip(), flush=True)
def ask(w, q, kind):
    procs[w].stdin.write(f'{q} {kind}\n'); procs[w].stdin.flush()
    wall, cpu, rows = procs[w].stdout.readline().split()
    return float(wall), float(cpu), int(rows)
queries = ['containment_rate', 'silent_failure_rate', 'intent_fcr', 'conversational_csat', 'nps', 'average_handle_time',
           'resolution_accuracy', 'crm_disposition_mismatch_rate', 'sla_adherence', 'model_drift_index']
with open(out, 'a') as f:
    for q in queries:
        for kind in kinds:
            if f'{q}:{kind}' in skip: continue
            rows = {w: ask(w, q, kind)[2] for w in which}  # warm-up
            assert len(set(rows.values())) == 1, (q, kind, rows)
            for i in range(runs):
                order = which if i % 2 == 0 else list(reversed(which))
                for w in order:
                    wall, cpu, _ = ask(w, q, kind)
                    f.write(json.dumps({'q': q, 'kind': kind, 'w': w, 'i': i, 'wall': wall, 'cpu': cpu, 'load': os.getloadavg()[0], 't': time.time()}) + '\n'); f.flush()
            print(q, kind, 'done', time.strftime('%T'), flush=True)
for p in procs.values():
    p.stdin.close(); p.wait()
