using System.Globalization;

namespace CxSemantic.Definitions.Expressions;

/// <summary>Formatting helpers for <see cref="ExpressionErrorMessages"/> templates.</summary>
internal static class Messages
{
    /// <summary>Fills a template, culture-invariant so messages are the same on every machine.</summary>
    public static string Format(string template, params object?[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, template, arguments);

    /// <summary><c>1 argument</c>, <c>2 arguments</c>.</summary>
    public static string Count(int count, string noun) =>
        count == 1 ? $"1 {noun}" : string.Create(CultureInfo.InvariantCulture, $"{count} {noun}s");
}
