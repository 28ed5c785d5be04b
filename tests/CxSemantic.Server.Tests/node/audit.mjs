// Runs graphql-http's server audit against a URL and prints one JSON line:
// { ok, failures: [{ id, name, reason }], warnings: [...], notices: [...] }
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const results = await auditServer({ url });
const pick = (status) => results.filter((r) => r.status === status).map((r) => ({ id: r.id, name: r.name, reason: r.reason }));
const failures = pick('error');
console.log(JSON.stringify({ ok: results.filter((r) => r.status === 'ok').length, failures, warnings: pick('warn'), notices: pick('notice') }));
