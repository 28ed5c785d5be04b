// graphql-js oracle for the CxSemantic.GraphQL conformance tests.
// Usage: node oracle.mjs <package>, where <package> is one of the aliases in package.json
// (graphql16 = graphql-js 16.x, graphql17 = graphql-js 17.x); the same script serves both majors.
// Reads one JSON request on stdin and writes one JSON response on stdout:
//   (`node oracle.mjs <package> introspection-query` prints that version's full introspection query instead.)
//   request:  { schemaSdl, data, introspection, validation: [doc], execution: [{ query, variables, operationName }] }
//   response: { schemaSdl, introspectionSdl, validation: [{ syntaxError } | { errors: [{ rule, message, locations }] }], execution: [result] }
import { readFileSync } from 'node:fs';

const graphqlPackage = process.argv[2];
if (graphqlPackage !== 'graphql16' && graphqlPackage !== 'graphql17') {
  throw new Error(`usage: node oracle.mjs graphql16|graphql17 (got ${graphqlPackage})`);
}
const {
  buildSchema, buildClientSchema, printSchema, parse, validate, execute, specifiedRules,
  GraphQLError, Kind, print, version, getIntrospectionQuery,
} = await import(graphqlPackage);

// `node oracle.mjs <package> introspection-query`: this version's full introspection query, every option on.
if (process.argv[3] === 'introspection-query') {
  process.stdout.write(getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
    experimentalDirectiveDeprecation: true,
    oneOf: true,
  }));
  process.exit(0);
}

const request = JSON.parse(readFileSync(0, 'utf8'));
const schema = buildSchema(request.schemaSdl);
const data = request.data;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s) {
  if (typeof s !== 'string' || !DATE.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function inspectValue(v) {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

const date = schema.getType('Date');
const coerceDate = (v) => { if (validDate(v)) return v; throw new GraphQLError(`Date cannot represent value: ${inspectValue(v)}`); };
// 16 calls serialize/parseValue/parseLiteral; 17 calls coerceOutputValue/coerceInputValue and falls back to parseLiteral.
date.serialize = coerceDate;
date.parseValue = coerceDate;
date.coerceOutputValue = coerceDate;
date.coerceInputValue = coerceDate;
date.parseLiteral = (node) => {
  if (node.kind === Kind.STRING && validDate(node.value)) return node.value;
  throw new GraphQLError(`Date cannot represent value: ${print(node)}`, { nodes: node });
};

// Canonical rendering shared with the C# side (ConformanceResolvers.Canon).
function canon(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  return '{' + Object.keys(v).sort().map((k) => k + ':' + canon(v[k])).join(',') + '}';
}

const all = () => [...data.metrics, ...data.dimensions, ...data.users];

function matchesString(filter, value) {
  if (filter == null) return true;
  if (filter.eq != null) return value === filter.eq;
  if (filter.in != null) return filter.in.includes(value);
  if (filter.contains != null) return value.includes(filter.contains);
  return true;
}

function matchesMetric(where, m) {
  if (where == null) return true;
  if (!matchesString(where.name, m.name)) return false;
  if (where.aggregation != null && !where.aggregation.includes(m.aggregation)) return false;
  if (where.minScore != null && (m.score ?? 0) < where.minScore) return false;
  if (where.and != null && !where.and.every((w) => matchesMetric(w, m))) return false;
  return true;
}

const sortKeys = { NAME: 'name', SCORE: 'score', CREATED_ON: 'createdOn' };

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return a < b ? -1 : 1;
}

const fail = (message) => { throw new GraphQLError(message); };

const resolvers = {
  Query: {
    node: (_, { id }) => all().find((e) => e.id === id) ?? null,
    metric: (_, { id }) => data.metrics.find((m) => m.id === id) ?? null,
    metrics: (_, { where, order, first }) => {
      let list = data.metrics.filter((m) => matchesMetric(where, m));
      if (order && order.length > 0) {
        const key = sortKeys[order[0].field];
        const dir = order[0].direction === 'DESC' ? -1 : 1;
        list = [...list].sort((a, b) => dir * compare(a[key], b[key]));
      }
      return first == null ? list : list.slice(0, Math.max(0, first));
    },
    search: (_, { text }) => all().filter((e) => e.name != null && e.name.toLowerCase().includes(text.toLowerCase())),
    dimensions: (_, { kind }) => data.dimensions.filter((d) => kind == null || d.kind === kind),
    me: () => ({ ...data.users[0], metrics: [data.metrics[0]], friend: data.users[1] }),
    echo: (_, args) => canon(args),
    version: () => '1.0',
    failing: () => fail('failing field'),
    failingNonNull: () => fail('failing non-null field'),
    deprecatedQuery: (_, args) => args.new ?? args.old ?? null,
  },
  Mutation: {
    createMetric: (_, { input }) => ({ __typename: 'Metric', id: 'new', name: input.name, aggregation: input.aggregation, tags: input.tags ?? [], createdOn: input.createdOn ?? null, description: canon(input.options), score: null, owner: null }),
    deleteMetric: (_, { id }) => data.metrics.some((m) => m.id === id),
  },
  Metric: {
    dimensions: (_, { first }) => data.dimensions.slice(0, Math.max(0, first ?? 10)),
    value: (m, { grain }) => (m.score == null ? null : m.score * (grain === 'WEEK' ? 7 : grain === 'MONTH' ? 30 : 1) / 4),
    related: (_, { limit }) => [...data.metrics.slice(0, limit), null].slice(0, limit),
    broken: () => fail('broken metric field'),
    brokenNonNull: () => fail('broken non-null metric field'),
  },
};

for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName);
  for (const [fieldName, resolve] of Object.entries(fields)) {
    type.getFields()[fieldName].resolve = resolve;
  }
}

const loc = (e) => (e.locations ?? []).map(({ line, column }) => ({ line, column }));

const response = { version, schemaSdl: printSchema(schema), validation: [], execution: [] };
if (request.introspectionQuery) {
  const result = await execute({ schema, document: parse(request.introspectionQuery) });
  response.introspectionResult = JSON.parse(JSON.stringify(result));
}
if (request.introspection) {
  response.introspectionSdl = printSchema(buildClientSchema(request.introspection));
}

for (const source of request.validation) {
  let document;
  try {
    document = parse(source);
  } catch (e) {
    response.validation.push({ syntaxError: e.message, locations: loc(e) });
    continue;
  }
  const errors = [];
  for (const rule of specifiedRules) {
    for (const e of validate(schema, document, [rule])) {
      errors.push({ rule: rule.name, message: e.message, locations: loc(e) });
    }
  }
  response.validation.push({ errors });
}

for (const c of request.execution) {
  const document = parse(c.query);
  const errors = validate(schema, document);
  if (errors.length > 0) {
    response.execution.push({ errors: errors.map((e) => ({ message: e.message, locations: loc(e) })) });
    continue;
  }
  const result = await execute({ schema, document, variableValues: c.variables ?? undefined, operationName: c.operationName ?? undefined });
  response.execution.push(JSON.parse(JSON.stringify(result)));
}

process.stdout.write(JSON.stringify(response));
