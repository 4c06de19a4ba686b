using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Bunit.TestDoubles;
using ForumApp.Core.Markdown;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Data.Drafts;
using ForumApp.Web.Components.Shared;
using ForumApp.Web.Drafts;
using ForumApp.Web.Posting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForumApp.Web.Tests.Commenting;

/// <summary>
/// The composer rendered with bUnit as its circuit runs it (interactive), against the app's real services on the app's
/// fake clock: the comment and draft services, the posting limiter with the default limits, and the draft autosave.
/// </summary>
public abstract class ComposerTestContext : BunitContext
{
    protected ComposerTestContext(CommentingAppFactory app)
    {
        App = app;
        Services.AddSingleton(app.Services.GetRequiredService<CommentService>());
        Services.AddLocalization(); // components inject IStringLocalizer<UiText>
        Services.AddSingleton(app.Services.GetRequiredService<CommentQueries>());
        Services.AddSingleton(app.Services.GetRequiredService<MarkdownRenderer>());
        Services.AddSingleton(app.Services.GetRequiredService<DraftService>());
        // The default limits, on the app's fake clock: the composer goes through the same limiter as the API.
        Services.AddSingleton(new PostingLimiter(new PostingLimitOptions(), app.Clock));
        Services.AddSingleton<TimeProvider>(app.Clock);
        Services.AddSingleton(Options.Create(new DraftOptions()));
        Services.AddSingleton(new OpenDrafts(NullLogger<OpenDrafts>.Instance));
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        Services.AddScoped<DraftAutosaver>();
        _auth = AddAuthorization();
        // Last: it builds the service provider, after which nothing more can be registered.
        PersistentState = AddBunitPersistentComponentState();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private readonly BunitAuthorizationContext _auth;

    protected CommentingAppFactory App { get; }

    /// <summary>The state components persist (when a page is rendered, or a circuit paused) and take back.</summary>
    protected BunitPersistentComponentState PersistentState { get; }

    protected DraftService Drafts => App.Services.GetRequiredService<DraftService>();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Makes an essay and an account, and signs the account in.</summary>
    protected async Task<(int Essay, TestUser User)> SignInAsync(string name)
    {
        var essay = await App.CreateEssayAsync();
        var user = await App.CreateUserAsync(name + Guid.NewGuid().ToString("N")[..6]);
        var auth = _auth;
        auth.SetAuthorized(user.UserName);
        auth.SetRoles("commenter");
        auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(ForumClaims.AccountCreatedAt, App.Clock.GetUtcNow().UtcDateTime.AddDays(-10).ToString("O", CultureInfo.InvariantCulture)));
        return (essay, user);
    }

    /// <summary>
    /// Types into a field as a user would. The composer may render again between finding the field and typing (its
    /// draft and its counts arrive asynchronously), which retires the field's handler: find it again and retype.
    /// </summary>
    protected static void Type(IRenderedComponent<CommentComposer> cut, string selector, string text)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                cut.Find(selector).Input(text);
                return;
            }
            catch (UnknownEventHandlerIdException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }

    protected IRenderedComponent<CommentComposer> RenderComposer(int essay, int? replyTo = null, int? edit = null) =>
        Render<CommentComposer>(p => p
            .Add(c => c.EssayId, essay)
            .Add(c => c.EssayPath, $"/essays/{essay}/test-essay")
            .Add(c => c.ReplyToId, replyTo)
            .Add(c => c.EditId, edit)
            .Add(c => c.ClientIp, "10.1.2.3"));
}
