namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>A running forum app a browser can reach: in this process (<see cref="ForumServer"/>) or a child process (<see cref="ForumProcess"/>).</summary>
public interface IForumServer : IAsyncDisposable
{
    /// <summary>The server's address, e.g. http://127.0.0.1:41234/.</summary>
    Uri BaseAddress { get; }

    /// <summary>Services over the app's database (the data layer at least), for <see cref="TestData"/> and reads.</summary>
    IServiceProvider Services { get; }
}
