namespace CxSemantic.Server.Hosting;

/// <summary>
/// The server cannot start as configured (a bad warehouse file, a missing definitions folder): the message says what is
/// wrong and the fix, and the process prints it as one line and exits with code 1 (see Program.cs).
/// </summary>
internal sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
