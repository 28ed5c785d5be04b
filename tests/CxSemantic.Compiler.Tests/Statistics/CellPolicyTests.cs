using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Compiler.Tests.Statistics;

public class CellPolicyTests
{
    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(0, 1, true)]
    [InlineData(4, 5, true)]
    [InlineData(5, 5, false)]
    [InlineData(1_000_000, 30, false)]
    public void Cells_below_the_minimum_are_suppressed(long n, int minCellSize, bool suppressed)
    {
        Assert.Equal(suppressed, CellPolicy.IsSuppressed(n, minCellSize));
    }

    [Fact]
    public void Negative_arguments_are_rejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CellPolicy.IsSuppressed(5, -1));
        Assert.StartsWith(StatisticsErrorMessages.MinCellSizeNegative, ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => CellPolicy.IsSuppressed(-1, 5));
        Assert.StartsWith(StatisticsErrorMessages.NegativeCount, ex.Message, StringComparison.Ordinal);
    }
}
