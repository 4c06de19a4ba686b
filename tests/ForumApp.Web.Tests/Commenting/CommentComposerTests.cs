using System.Globalization;
using System.Security.Claims;
using Bunit;
using ForumApp.Core.Markdown;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Web.Components.Shared;
using ForumApp.Web.Posting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Commenting;

/// <summary>The interactive composer, rendered with bUnit against the app's real comment service.</summary>
public sealed class CommentComposerTests(CommentingAppFactory app) : ComposerTestContext(app), IClassFixture<CommentingAppFactory>
{
    [Fact]
    public async Task Typing_Markdown_shows_a_sanitized_live_preview()
    {
        var (essay, _) = await SignInAsync("preview");
        var cut = RenderComposer(essay);

        cut.Find("#comment-body").Input("**굵게** [링크](javascript:alert(1))");

        var preview = cut.Find("#comment-preview").InnerHtml;
        Assert.Contains("<strong>굵게</strong>", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", preview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quoting_a_paragraph_of_the_essay_adds_a_blockquote()
    {
        var (essay, _) = await SignInAsync("quoter");
        var cut = RenderComposer(essay);

        cut.FindAll(".quote-paragraph")[1].Click();

        Assert.Contains("<blockquote>", cut.Find("#comment-preview").InnerHtml, StringComparison.Ordinal);
        Assert.Contains("둘째 문단입니다.", cut.Find("#comment-preview").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_text_shows_a_Korean_message_and_posts_nothing()
    {
        var (essay, _) = await SignInAsync("empty");
        var cut = RenderComposer(essay);

        cut.Find("#comment-form").Submit();

        Assert.Contains("댓글 내용을 입력해 주세요", cut.Find("#comment-error").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("#c-", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_reloads_the_thread_at_the_new_comment_and_a_quick_second_post_is_held_back()
    {
        var (essay, _) = await SignInAsync("writer");
        var navigation = Navigation;

        var first = RenderComposer(essay);
        first.Find("#comment-body").Input("처음 올리는 댓글입니다.");
        first.Find("#comment-form").Submit();
        first.WaitForAssertion(() => Assert.Matches(@"/comments/\d+$", navigation.Uri));
        var afterFirst = navigation.Uri;

        var second = RenderComposer(essay);
        second.Find("#comment-body").Input("곧바로 올리는 두 번째 댓글입니다.");
        second.Find("#comment-form").Submit();

        second.WaitForAssertion(() => Assert.Contains("초 뒤에 다시 시도해 주세요", second.Find("#comment-error").TextContent, StringComparison.Ordinal));
        Assert.Equal(afterFirst, navigation.Uri);

        App.Clock.Advance(TimeSpan.FromSeconds(5));
        second.Find("#comment-form").Submit();
        second.WaitForAssertion(() => Assert.NotEqual(afterFirst, navigation.Uri));
    }

    [Fact]
    public async Task Near_duplicate_shows_a_warning_with_links_and_posting_anyway_works()
    {
        var (essay, user) = await SignInAsync("dup");
        var other = await App.CreateUserAsync("dup-other" + Guid.NewGuid().ToString("N")[..6]);
        var original = await App.Data.CommentAsync(other.Id, essay, "모두가 인공지능을 쓸 수 있어야 민주화라고 할 수 있습니다.");
        var cut = RenderComposer(essay);

        cut.Find("#comment-body").Input("모두가 인공지능을 쓸 수 있어야 민주화라고 할 수 있다.");
        cut.Find("#comment-form").Submit();

        cut.WaitForElement("#near-duplicate-warning");
        Assert.Equal($"/comments/{original.Id}", cut.Find(".near-duplicate-link").GetAttribute("href"));
        cut.Find("#post-anyway").Click();
        var navigation = Navigation;
        cut.WaitForAssertion(() => Assert.Matches(@"/comments/\d+$", navigation.Uri));
        var comments = App.Services.GetRequiredService<CommentQueries>();
        var posted = await comments.GetAsync(int.Parse(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture));
        Assert.Equal(await comments.AuthorIdOfAsync(user.Id), posted!.AuthorId);
    }

    [Fact]
    public async Task Editing_someone_elses_comment_is_refused()
    {
        var (essay, _) = await SignInAsync("intruder");
        var other = await App.CreateUserAsync("owner" + Guid.NewGuid().ToString("N")[..6]);
        var theirs = await App.Data.CommentAsync(other.Id, essay, "남의 댓글");

        var cut = RenderComposer(essay, edit: theirs.Id);

        Assert.Contains("자신이 쓴 댓글만 수정할 수 있습니다", cut.Find("#comment-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("#comment-form"));
    }
}
