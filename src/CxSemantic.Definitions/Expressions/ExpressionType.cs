namespace CxSemantic.Definitions.Expressions;

/// <summary>The type of a value in the expression language.</summary>
#pragma warning disable CA1720 // The members are named after the domain's types on purpose.
public enum ExpressionType
{
    /// <summary>Not known because of an earlier error; accepted everywhere so one mistake gives one message.</summary>
    Unknown,

    /// <summary>The type of the <c>null</c> literal; fits wherever any type fits.</summary>
    Null,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>A 64-bit whole number.</summary>
    Integer,

    /// <summary>An exact decimal number.</summary>
    Decimal,

    /// <summary>Text.</summary>
    String,

    /// <summary>A calendar date (NodaTime <c>LocalDate</c>).</summary>
    Date,

    /// <summary>A UTC instant (NodaTime <c>Instant</c>).</summary>
    Timestamp,
}
#pragma warning restore CA1720
