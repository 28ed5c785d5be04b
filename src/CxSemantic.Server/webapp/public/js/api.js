// The pages' only data source: the public GraphQL API on this origin (same caller, same access policy as GraphiQL).

const KEY_STORAGE = 'cxsemantic.apiKey';

/** The API key the user entered for this tab (sent as X-Api-Key), or null. */
export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

/** Remembers (or, when empty, forgets) the API key for this tab only. */
export function setApiKey(value) {
  if (value) sessionStorage.setItem(KEY_STORAGE, value);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/**
 * Posts one GraphQL request; resolves to { data, errors } (errors: [] when none). Never throws on GraphQL errors,
 * because refusals (REQUIRED_SEGMENT_MISSING, ACCESS_DENIED…) are answers the pages show with their fix.
 */
export async function gql(query, variables = {}, signal = undefined) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
  const key = apiKey();
  if (key) headers['X-Api-Key'] = key;
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal, credentials: 'same-origin' });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    return { data: null, errors: [{ message: `The server could not be reached (${error.message}).`, extensions: { code: 'NETWORK' } }] };
  }
  let body;
  try {
    body = await response.json();
  } catch {
    return { data: null, errors: [{ message: `The server answered ${response.status} without a GraphQL body.`, extensions: { code: `HTTP_${response.status}` } }] };
  }
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

const DEFINITION_FIELDS = `name field label version category owner description type definition format
  unitOfAnalysis unitOfAnalysisText
  inclusion { name where reason } exclusions { name where reason }
  confirmation { method window text }
  segmentation { required allowed minCellSize }
  thresholds { green amber better }
  lineage source`;

/** Every metric definition the caller may see, following the Relay cursor. */
export async function loadDefinitions() {
  const nodes = [];
  let after = null;
  for (;;) {
    const { data, errors } = await gql(
      `query Definitions($after: String) {
        metricDefinitions(first: 100, after: $after, order: [{ name: ASC }]) { nodes { ${DEFINITION_FIELDS} } pageInfo { hasNextPage endCursor } }
      }`,
      { after },
    );
    if (errors.length) throw new ApiError(errors);
    nodes.push(...data.metricDefinitions.nodes);
    if (!data.metricDefinitions.pageInfo.hasNextPage) return nodes;
    after = data.metricDefinitions.pageInfo.endCursor;
  }
}

/** The names of the Query type's fields (feature checks: a field the server does not have yet is not offered). */
export async function queryFields() {
  const { data } = await gql('{ __type(name: "Query") { fields { name args { name } } } }');
  return new Map((data?.__type?.fields ?? []).map((f) => [f.name, f.args.map((a) => a.name)]));
}

/** GraphQL errors as one exception (for requests whose failure leaves nothing to show). */
export class ApiError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('\n'));
    this.errors = errors;
  }
}

/** The error's code (extensions.code), or 'ERROR'. */
export function errorCode(error) {
  return error?.extensions?.code ?? 'ERROR';
}
