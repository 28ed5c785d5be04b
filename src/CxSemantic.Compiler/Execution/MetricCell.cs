namespace CxSemantic.Compiler.Execution;

/// <summary>
/// One cell of a metric's result: the reporting period and dimension values that locate it, and the
/// governed value there. Cells of one metric are keyed by <see cref="CellValues.Key"/>.
/// </summary>
/// <param name="Period">The period label, or null when the query has no time grain.</param>
/// <param name="Dimensions">The group-by values, in the query's order.</param>
/// <param name="Value">The metric's value in this cell.</param>
internal readonly record struct MetricCell(string? Period, object?[] Dimensions, MetricValue Value);
