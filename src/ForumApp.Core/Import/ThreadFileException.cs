namespace ForumApp.Core.Import;

/// <summary>A thread file that cannot be imported; the message names the file and the line.</summary>
public sealed class ThreadFileException : Exception
{
    /// <summary>A malformed thread file: which file, which line (1-based) and what is wrong.</summary>
    public ThreadFileException(string fileName, int line, string problem)
        : base($"{fileName}:{line}: {problem}")
    {
        FileName = fileName;
        Line = line;
        Problem = problem;
    }

    /// <summary>A malformed thread file, without details.</summary>
    public ThreadFileException()
    {
        FileName = string.Empty;
        Problem = string.Empty;
    }

    /// <summary>A malformed thread file, with a message.</summary>
    public ThreadFileException(string message)
        : base(message)
    {
        FileName = string.Empty;
        Problem = message;
    }

    /// <summary>A malformed thread file, with a message and the cause.</summary>
    public ThreadFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
        Problem = message;
    }

    /// <summary>The file's name, without its folder.</summary>
    public string FileName { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
