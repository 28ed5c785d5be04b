// Independent syntax check of the compiler's SQL with node-sql-parser, run by the Dialects tests
// (SqlSyntaxTests). One process checks every statement.
//
// stdin:  JSON array of { name, dialect: "postgresql", sql, allow: [allowance ids] }
//         (T-SQL is checked by ScriptDom in .NET; the "transactsql" grammar still works here.)
// stdout: JSON array, same order, of
//         { name, dialect, ok, error?, offset?, applied: [ids], originalError?, originalOffset? }
//
// A statement must parse as exactly one SELECT. Allowances are explicit, documented work-arounds
// for constructs the database certainly accepts but node-sql-parser does not (see
// SqlParserAllowances.cs): only when the statement as written fails to parse, each allowed
// rewrite is applied and the rewritten statement must then parse; the original error is reported
// so the test can check it is exactly the documented one.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Parser } = require('node-sql-parser');
const parser = new Parser();

// Splits text at top-level commas (outside parentheses, quotes and brackets).
function splitTopLevel(text) {
  const items = [];
  let depth = 0;
  let start = 0;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') quote = ']';
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(text.slice(start).trim());
  return items;
}

const identifier = String.raw`(?:"(?:[^"]|"")*"|\[(?:[^\]]|\]\])*\]|[A-Za-z_][A-Za-z0-9_$]*)`;
const columnRef = new RegExp(`^${identifier}(?:\\.${identifier})*$`);

// Allowance "partition-by-list-as-row": node-sql-parser's PostgreSQL grammar takes PARTITION BY
// either one expression or a list of column references, not a list with an expression in it.
// For parsing only, such a list is wrapped as ROW(item, ...): one expression, and every item is
// still parsed. (ROW() is not what the statement means: the rewritten text is never run.)
function partitionByListAsRow(sql) {
  const marker = 'PARTITION BY ';
  let out = '';
  let from = 0;
  for (;;) {
    const at = sql.indexOf(marker, from);
    if (at < 0) break;
    const listStart = at + marker.length;
    const end = sql.indexOf(' ORDER BY ', listStart);
    if (end < 0) break;
    const list = sql.slice(listStart, end);
    const items = splitTopLevel(list);
    const wrap = items.length > 1 && items.some((i) => !columnRef.test(i));
    out += sql.slice(from, listStart) + (wrap ? `ROW(${list})` : list);
    from = end;
  }
  return out + sql.slice(from);
}

const rewrites = {
  'partition-by-list-as-row': partitionByListAsRow,
};

function parse(sql, dialect) {
  try {
    const ast = parser.astify(sql, { database: dialect });
    const list = Array.isArray(ast) ? ast : [ast];
    const types = list.map((s) => s && s.type);
    if (list.length !== 1 || types[0] !== 'select') {
      return { ok: false, error: `expected exactly one SELECT statement, parsed ${JSON.stringify(types)}` };
    }
    return { ok: true };
  } catch (e) {
    return {
      ok: false,
      error: String(e && e.message ? e.message : e),
      offset: e && e.location ? e.location.start.offset : undefined,
    };
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = statements.map(({ name, dialect, sql, allow }) => {
  const first = parse(sql, dialect);
  if (first.ok || !allow || allow.length === 0) {
    return { name, dialect, ...first, applied: [] };
  }
  let rewritten = sql;
  const applied = [];
  for (const id of allow) {
    const rewrite = rewrites[id];
    if (!rewrite) {
      return { name, dialect, ok: false, error: `unknown allowance '${id}'`, applied };
    }
    const next = rewrite(rewritten);
    if (next !== rewritten) {
      applied.push(id);
      rewritten = next;
    }
  }
  const second = parse(rewritten, dialect);
  return { name, dialect, ...second, applied, originalError: first.error, originalOffset: first.offset };
});

process.stdout.write(JSON.stringify(results));
