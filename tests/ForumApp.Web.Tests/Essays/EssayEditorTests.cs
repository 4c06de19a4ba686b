using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using ForumApp.Core.Accounts;
using ForumApp.Core.Drafts;
using ForumApp.Core.Markdown;
using ForumApp.Data.Drafts;
using ForumApp.Data.Essays;
using ForumApp.Data.Queries;
using ForumApp.Web.Components.Pages.Essays;
using ForumApp.Web.Drafts;
using ForumApp.Web.Reading;
using ForumApp.Web.Tests.Commenting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForumApp.Web.Tests.Essays;

/// <summary>The essay editor, rendered with bUnit against the app's real services on its fake clock.</summary>
public sealed class EssayEditorTests : BunitContext, IClassFixture<CommentingAppFactory>
{
    private readonly CommentingAppFactory _app;
    private readonly BunitAuthorizationContext _auth;

    public EssayEditorTests(CommentingAppFactory app)
    {
        _app = app;
        _auth = AddAuthorization();
        Services.AddLocalization(); // components inject IStringLocalizer<UiText>
        Services.AddSingleton(app.Services.GetRequiredService<EssayService>());
        Services.AddSingleton(app.Services.GetRequiredService<DraftService>());
        Services.AddSingleton(app.Services.GetRequiredService<ReadingCache>());
        Services.AddSingleton(app.Services.GetRequiredService<MarkdownRenderer>());
        Services.AddSingleton<TimeProvider>(app.Clock);
        // The drafts' autosave as a circuit runs it, on the app's fake clock (saves 2 s after a pause by default).
        Services.AddSingleton(Options.Create(new DraftOptions()));
        Services.AddSingleton(new OpenDrafts(NullLogger<OpenDrafts>.Instance));
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        Services.AddScoped<DraftAutosaver>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private static readonly TimeSpan AfterPause = new DraftOptions().SaveDelay + TimeSpan.FromMilliseconds(100);

    private DraftService Drafts => _app.Services.GetRequiredService<DraftService>();

    private async Task<TestUser> SignInAsync()
    {
        var user = await _app.CreateUserAsync("editor-" + Guid.NewGuid().ToString("N")[..8], ForumRoles.Author);
        _auth.SetAuthorized(user.UserName);
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
        return user;
    }

    private IRenderedComponent<EssayEditor> RenderEditor(int? essayId = null) => Render<EssayEditor>(p => p.Add(e => e.EssayId, essayId));

    [Fact]
    public async Task Typing_shows_a_sanitized_live_preview_and_the_counts()
    {
        await SignInAsync();
        var cut = RenderEditor();

        cut.Find("#essay-title").Change("미리 보기 시험");
        cut.Find("#essay-body").Change("**굵게** [링크](javascript:alert(1))\n\n둘째 문단입니다");

        var preview = cut.Find("#essay-preview").InnerHtml;
        Assert.Contains("<strong>굵게</strong>", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", preview, StringComparison.Ordinal);
        Assert.Equal("미리 보기 시험", cut.Find("#essay-preview-heading").TextContent);
        Assert.Contains("단어 4개", cut.Find("#essay-counts").TextContent, StringComparison.Ordinal);
        Assert.Contains("글자 42 / 200,000자", cut.Find("#essay-counts").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_is_typed_is_kept_on_the_server_after_a_pause_and_reopening_the_editor_continues_it()
    {
        var user = await SignInAsync();
        var cut = RenderEditor();
        cut.Find("#essay-title").Change("쓰다 만 글");
        cut.Find("#essay-body").Change("여기까지 썼습니다.");
        Assert.Null(await Drafts.GetAsync(user.Id, DraftPlaces.NewEssay));

        _app.Clock.Advance(AfterPause);

        cut.WaitForAssertion(() => Assert.Contains("임시 저장됨", cut.Find("#essay-autosave").TextContent, StringComparison.Ordinal));
        var draft = await Drafts.GetAsync(user.Id, DraftPlaces.NewEssay);
        Assert.Equal(("쓰다 만 글", "여기까지 썼습니다."), (draft!.Title, draft.Body));
        var reopened = RenderEditor();
        Assert.Equal("쓰다 만 글", reopened.Find("#essay-title").GetAttribute("value"));
        Assert.Equal("여기까지 썼습니다.", reopened.Find("#essay-body").GetAttribute("value") ?? reopened.Find("#essay-body").TextContent);
        Assert.Contains("쓰던 글을 이어서 씁니다", reopened.Find("#editor-notice").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_title_is_refused_with_a_Korean_message_and_nothing_is_stored()
    {
        var user = await SignInAsync();
        var cut = RenderEditor();
        cut.Find("#essay-body").Change("본문만 있습니다.");

        cut.Find("#essay-form").Submit();

        Assert.Contains("제목을 입력해 주세요", cut.Find("#editor-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(await _app.Services.GetRequiredService<EssayQueries>().ListByAuthorAsync(user.Id));
    }

    [Fact]
    public async Task Publishing_a_new_essay_saves_it_and_opens_its_page()
    {
        var user = await SignInAsync();
        var cut = RenderEditor();
        var title = "바로 게시하는 글 " + Guid.NewGuid().ToString("N")[..6];
        cut.Find("#essay-title").Change(title);
        cut.Find("#essay-tags").Change("오픈소스, AI 민주화");
        cut.Find("#essay-body").Change("게시할 첫 문단입니다. " + title);

        cut.Find("#essay-publish").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches(@"/essays/\d+/", navigation.Uri));
        var mine = Assert.Single(await _app.Services.GetRequiredService<EssayQueries>().ListByAuthorAsync(user.Id));
        Assert.Equal((Core.Essays.EssayStatus.Published, title), (mine.Status, mine.Title));
        Assert.Equal(["AI 민주화", "오픈소스"], mine.Tags); // shown in one order everywhere
        Assert.Null(await Drafts.GetAsync(user.Id, DraftPlaces.NewEssay));
    }

    [Fact]
    public async Task Unsaved_edits_of_a_published_essay_are_no_revision_until_the_author_saves()
    {
        var user = await SignInAsync();
        var essay = await _app.Data.WrittenEssayAsync(user.Id, "고칠 글 " + Guid.NewGuid().ToString("N")[..6], ["고치기 전의 문단입니다."]);
        var revisions = _app.Services.GetRequiredService<EssayRevisionQueries>();
        var cut = RenderEditor(essay.Id);
        Assert.Equal("새 판으로 저장", cut.Find("#essay-save").TextContent.Trim());

        cut.Find("#essay-body").Change("고친 뒤의 문단입니다.");
        _app.Clock.Advance(AfterPause);
        cut.WaitForAssertion(() => Assert.Contains("임시 저장됨", cut.Find("#essay-autosave").TextContent, StringComparison.Ordinal));

        Assert.Single(await revisions.ListAsync(essay.Id));
        Assert.Equal("고친 뒤의 문단입니다.", (await Drafts.GetAsync(user.Id, DraftPlaces.EssayEdit(essay.Id)))!.Body);
        cut.Find("#essay-form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("2판으로 저장했습니다.", cut.Find("#editor-success").TextContent));
        Assert.Equal(2, (await revisions.ListAsync(essay.Id)).Count);
        Assert.Null(await Drafts.GetAsync(user.Id, DraftPlaces.EssayEdit(essay.Id)));
    }
}
