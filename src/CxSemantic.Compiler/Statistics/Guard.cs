namespace CxSemantic.Compiler.Statistics;

/// <summary>Argument checks shared by the estimators; messages come from <see cref="StatisticsErrorMessages"/>.</summary>
internal static class Guard
{
    public static void Level(double level, string name = "level")
    {
        if (!(level > 0.0 && level < 1.0))
        {
            throw new ArgumentOutOfRangeException(name, level, StatisticsErrorMessages.LevelOutOfRange);
        }
    }

    public static void Count(long count, string name)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(name, count, StatisticsErrorMessages.NegativeCount);
        }
    }

    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, StatisticsErrorMessages.NotFinite);
        }
    }

    public static void StandardError(double value, string name)
    {
        if (!(value >= 0.0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, StatisticsErrorMessages.InvalidStandardError);
        }
    }
}
