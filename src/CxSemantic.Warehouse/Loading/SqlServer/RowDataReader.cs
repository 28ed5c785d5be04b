using System.Collections;
using System.Collections.Immutable;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace CxSemantic.Warehouse.Loading.SqlServer;

/// <summary>
/// A forward-only <see cref="DbDataReader"/> over rows of boxed values, converted for SQL Server by
/// <see cref="SqlServerBulkCopyMapping.ToProvider"/>: what <c>SqlBulkCopy.WriteToServerAsync</c> streams from, so a
/// table is never held in memory whole.
/// </summary>
internal sealed class RowDataReader(ImmutableArray<SqlServerBulkColumn> columns, IEnumerable<object?[]> rows) : DbDataReader
{
    private readonly IEnumerator<object?[]> _rows = rows.GetEnumerator();
    private object[] _current = [];
    private bool _closed;

    /// <summary>Rows read so far.</summary>
    public long RowsRead { get; private set; }

    public override int FieldCount => columns.Length;

    public override int RecordsAffected => -1;

    public override bool HasRows => true;

    public override bool IsClosed => _closed;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        if (_closed || !_rows.MoveNext())
        {
            return false;
        }

        var source = _rows.Current;
        if (source.Length != columns.Length)
        {
            throw new InvalidOperationException($"A source row has {source.Length} values but the table has {columns.Length} columns.");
        }

        _current = new object[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            _current[i] = SqlServerBulkCopyMapping.ToProvider(source[i]);
        }

        RowsRead++;
        return true;
    }

    public override bool NextResult() => false;

    public override string GetName(int ordinal) => columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "No such column.");
    }

    public override string GetDataTypeName(int ordinal) => columns[ordinal].StoreType;

    [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.PublicProperties)]
    public override Type GetFieldType(int ordinal) => SqlServerBulkCopyMapping.ProviderType(columns[ordinal].ClrType);

    public override object GetValue(int ordinal) => _current[ordinal];

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, _current.Length);
        Array.Copy(_current, values, count);
        return count;
    }

    public override bool IsDBNull(int ordinal) => _current[ordinal] is DBNull;

    public override bool GetBoolean(int ordinal) => (bool)_current[ordinal];

    public override byte GetByte(int ordinal) => (byte)_current[ordinal];

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override char GetChar(int ordinal) => (char)_current[ordinal];

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override DateTime GetDateTime(int ordinal) => (DateTime)_current[ordinal];

    public override decimal GetDecimal(int ordinal) => (decimal)_current[ordinal];

    public override double GetDouble(int ordinal) => (double)_current[ordinal];

    public override float GetFloat(int ordinal) => (float)_current[ordinal];

    public override Guid GetGuid(int ordinal) => (Guid)_current[ordinal];

    public override short GetInt16(int ordinal) => (short)_current[ordinal];

    public override int GetInt32(int ordinal) => (int)_current[ordinal];

    public override long GetInt64(int ordinal) => (long)_current[ordinal];

    public override string GetString(int ordinal) => (string)_current[ordinal];

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override void Close()
    {
        _closed = true;
        _rows.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }
}
