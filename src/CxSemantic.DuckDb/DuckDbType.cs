namespace CxSemantic.DuckDb;

/// <summary>DuckDB's logical type ids (<c>duckdb_type</c>); the numbers are DuckDB's ABI.</summary>
public enum DuckDbType
{
    /// <summary>Not a type.</summary>
    Invalid = 0,
    /// <summary>BOOLEAN (1 byte).</summary>
    Boolean = 1,
    /// <summary>TINYINT (int8).</summary>
    TinyInt = 2,
    /// <summary>SMALLINT (int16).</summary>
    SmallInt = 3,
    /// <summary>INTEGER (int32).</summary>
    Integer = 4,
    /// <summary>BIGINT (int64).</summary>
    BigInt = 5,
    /// <summary>UTINYINT (uint8).</summary>
    UTinyInt = 6,
    /// <summary>USMALLINT (uint16).</summary>
    USmallInt = 7,
    /// <summary>UINTEGER (uint32).</summary>
    UInteger = 8,
    /// <summary>UBIGINT (uint64).</summary>
    UBigInt = 9,
    /// <summary>FLOAT (single precision).</summary>
    Float = 10,
    /// <summary>DOUBLE.</summary>
    Double = 11,
    /// <summary>TIMESTAMP: microseconds since the epoch, no zone.</summary>
    Timestamp = 12,
    /// <summary>DATE: days since the epoch.</summary>
    Date = 13,
    /// <summary>TIME: microseconds since midnight.</summary>
    Time = 14,
    /// <summary>INTERVAL: months, days, microseconds.</summary>
    Interval = 15,
    /// <summary>HUGEINT (int128).</summary>
    HugeInt = 16,
    /// <summary>VARCHAR.</summary>
    Varchar = 17,
    /// <summary>BLOB.</summary>
    Blob = 18,
    /// <summary>DECIMAL(width, scale), stored as int16/int32/int64/int128.</summary>
    Decimal = 19,
    /// <summary>TIMESTAMP_S: seconds since the epoch.</summary>
    TimestampSeconds = 20,
    /// <summary>TIMESTAMP_MS: milliseconds since the epoch.</summary>
    TimestampMilliseconds = 21,
    /// <summary>TIMESTAMP_NS: nanoseconds since the epoch.</summary>
    TimestampNanoseconds = 22,
    /// <summary>ENUM: an index into a dictionary of strings.</summary>
    Enum = 23,
    /// <summary>LIST.</summary>
    List = 24,
    /// <summary>STRUCT.</summary>
    Struct = 25,
    /// <summary>MAP.</summary>
    Map = 26,
    /// <summary>UUID.</summary>
    Uuid = 27,
    /// <summary>UNION.</summary>
    Union = 28,
    /// <summary>BIT.</summary>
    Bit = 29,
    /// <summary>TIME WITH TIME ZONE.</summary>
    TimeTz = 30,
    /// <summary>TIMESTAMP WITH TIME ZONE: microseconds since the epoch, UTC.</summary>
    TimestampTz = 31,
    /// <summary>UHUGEINT (uint128).</summary>
    UHugeInt = 32,
    /// <summary>ARRAY (fixed size list).</summary>
    Array = 33,
    /// <summary>ANY (functions only).</summary>
    Any = 34,
    /// <summary>BIGNUM (arbitrary precision integer).</summary>
    BigNum = 35,
    /// <summary>The type of a bare NULL.</summary>
    SqlNull = 36,
}
