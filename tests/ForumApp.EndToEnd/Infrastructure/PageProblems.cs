using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// Script errors, Content-Security-Policy violations (console errors) and failing responses a page meets: a CSP
/// violation or a script error shows up here and nowhere else.
/// </summary>
public sealed class PageProblems
{
    private readonly ConcurrentQueue<string> _problems = new();

    private PageProblems()
    {
    }

    /// <summary>True while nothing went wrong.</summary>
    public bool IsEmpty => _problems.IsEmpty;

    /// <summary>Starts collecting; responses with a status of <paramref name="failingStatus"/> or more count as problems.</summary>
    public static PageProblems Collect(IPage page, int failingStatus)
    {
        ArgumentNullException.ThrowIfNull(page);
        var collected = new PageProblems();
        var problems = collected._problems;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Enqueue($"{page.Url}: console: {message.Text} (at {message.Location})");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"{page.Url}: page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= failingStatus)
            {
                problems.Enqueue($"{response.Status} for {response.Url}");
            }
        };
        return collected;
    }

    /// <summary>Fails the test listing every problem (also written to <paramref name="output"/> when given).</summary>
    public void AssertNone(ITestOutputHelper? output = null)
    {
        foreach (var problem in _problems)
        {
            output?.WriteLine(problem);
        }

        Assert.True(_problems.IsEmpty, "problems seen by the browser:\n" + string.Join('\n', _problems));
    }
}
