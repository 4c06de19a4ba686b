using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>Script errors, Content-Security-Policy violations (console errors) and failing responses a page meets.</summary>
public static class PageProblems
{
    /// <summary>Starts collecting; responses with a status of <paramref name="failingStatus"/> or more count as problems.</summary>
    public static ConcurrentQueue<string> Collect(IPage page, int failingStatus)
    {
        ArgumentNullException.ThrowIfNull(page);
        var problems = new ConcurrentQueue<string>();
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
        return problems;
    }
}
