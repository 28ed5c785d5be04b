// Per table of a DuckDB file: row count and bit_xor(hash(row)) (the check DeterminismTests uses), read-only.
using DuckDB.NET.Data;
using var connection = new DuckDBConnection($"Data Source={args[0]};ACCESS_MODE=READ_ONLY");
connection.Open();
var tables = new List<string>();
using (var list = connection.CreateCommand())
{
    list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name";
    using var reader = list.ExecuteReader();
    while (reader.Read()) tables.Add(reader.GetString(0));
}
foreach (var table in tables)
{
    using var command = connection.CreateCommand();
    command.CommandText = $"SELECT count(*), bit_xor(hash(x)) FROM \"{table}\" x";
    using var reader = command.ExecuteReader();
    reader.Read();
    Console.WriteLine($"{table}\t{reader.GetValue(0)}\t{reader.GetValue(1)}");
}
