using System.Text.Json;

namespace CxSemantic.Server.Http;

/// <summary>The GraphiQL page: local React/GraphiQL bundles (served from /graphiql/), an example query preloaded.</summary>
internal static class GraphiQLPage
{
    /// <summary>The example query shown first: a cohort slice with comparison.</summary>
    public const string ExampleQuery = """
        # CxSemantic: the selection under rows is the query.
        # Selected dimensions group, selected metrics compute. Press the run button (or Ctrl+Enter).
        query MonthlyContainment {
          metrics(
            time: { from: "2026-02-01", to: "2026-05-01", grain: MONTH }
            where: { channel: { in: [VOICE, CHAT] } }
            compare: { previousPeriod: true }
          ) {
            rows {
              period
              intentComplexity
              containmentRate { value n ci { low high } status suppressed delta { value pValue significant } }
              interactionCount { value }
            }
            catalogVersion
          }
        }
        """;

    public static readonly string Html = $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>CxSemantic GraphiQL</title>
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <style>html, body, #graphiql { height: 100%; margin: 0; width: 100%; overflow: hidden; }</style>
          <link rel="stylesheet" href="/graphiql/graphiql.min.css" />
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL… (If this stays, the server was built without npm on PATH, so GraphiQL's scripts are missing: install Node.js and rebuild. The API answers POST /graphql meanwhile.)</div>
          <script src="/graphiql/react.production.min.js"></script>
          <script src="/graphiql/react-dom.production.min.js"></script>
          <script src="/graphiql/graphiql.min.js"></script>
          <script>
            const fetcher = GraphiQL.createFetcher({ url: window.location.origin + '/graphql' });
            const root = ReactDOM.createRoot(document.getElementById('graphiql'));
            root.render(React.createElement(GraphiQL, {
              fetcher,
              defaultQuery: {{JsonSerializer.Serialize(ExampleQuery)}},
              defaultEditorToolsVisibility: false,
              shouldPersistHeaders: false,
            }));
          </script>
        </body>
        </html>
        """;
}
