using System.Reflection;
using Microsoft.Data.SqlClient;

namespace CxSemantic.Warehouse.Tests.SqlServer;

/// <summary>
/// Builds a real <see cref="SqlException"/> through SqlClient's internal factory (<c>SqlException.CreateException</c>
/// over an internal <c>SqlErrorCollection</c> of internal <c>SqlError</c>s), as SqlClient does when the server reports
/// errors. Reflection, because none of these is public; parameters are matched by name so that a reordering in a
/// later SqlClient fails loudly here rather than silently building another error.
/// </summary>
internal static class FakeSqlException
{
    private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;

    public static SqlException Create(params (int Number, byte Class, string Message)[] errors)
    {
        var collection = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        var add = typeof(SqlErrorCollection).GetMethod("Add", Internal, [typeof(SqlError)])
            ?? throw new InvalidOperationException("SqlErrorCollection.Add(SqlError) is gone from this SqlClient.");
        foreach (var error in errors)
        {
            add.Invoke(collection, [NewError(error.Number, error.Class, error.Message)]);
        }

        var create = typeof(SqlException).GetMethods(Internal)
            .Single(m => m.Name == "CreateException" && m.GetParameters().Select(p => p.ParameterType).SequenceEqual([typeof(SqlErrorCollection), typeof(string)]));
        return (SqlException)create.Invoke(null, [collection, "16.00.4000"])!;
    }

    private static SqlError NewError(int number, byte errorClass, string message)
    {
        var constructor = typeof(SqlError).GetConstructors(Internal).OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => (p.Name, p.ParameterType) switch
        {
            ("infoNumber" or "number", _) => number,
            ("errorClass" or "class", _) => errorClass,
            ("errorMessage" or "message", _) => message,
            ("server", _) => "127.0.0.1",
            (_, var t) when t == typeof(string) => "",
            (_, var t) when t == typeof(Exception) => null,
            (_, var t) when t.IsValueType => Activator.CreateInstance(t),
            _ => throw new InvalidOperationException($"SqlError's constructor has an unexpected parameter {p.Name} ({p.ParameterType.Name})."),
        }).ToArray();
        return (SqlError)constructor.Invoke(arguments);
    }
}
