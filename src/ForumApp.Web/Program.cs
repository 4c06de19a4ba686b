using ForumApp.Web;
using ForumApp.Web.Cli;

// The same executable serves the forum and runs maintenance verbs (import, dedup): see docs/operations.md.
if (ForumCli.IsCommand(args))
{
    return await ForumCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.FindWhenStartedElsewhere() });
builder.AddForumWeb();

var app = builder.Build();
await app.InitializeForumDatabaseAsync();
app.UseForumWeb();
await app.RunAsync();
return 0;
