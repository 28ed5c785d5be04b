# CxSemantic: the GraphQL metrics API server and the cxsem CLI in one image.
# Used by docker-compose.yml (server + PostgreSQL with the demo data). Build: docker build -t cxsemantic .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm fetches DuckDB's native library, GraphiQL's assets and the dashboard's chart library during the build.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/CxSemantic.Server -c Release -o /app/server \
 && dotnet publish src/CxSemantic.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app /app
COPY metric-definitions /app/metric-definitions
ENV CxSemantic__Definitions=/app/metric-definitions \
    ASPNETCORE_URLS=http://0.0.0.0:5080
EXPOSE 5080
ENTRYPOINT ["dotnet", "/app/server/CxSemantic.Server.dll"]
