using ForumApp.Core.Comments;
using ForumApp.Data.Comments;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Commenting;

public sealed class NearDuplicateSeamTests
{
    /// <summary>Stands in for the dedup engine's online index: answers from a script and records every change.</summary>
    private sealed class RecordingFinder : INearDuplicateFinder
    {
        public List<(int EssayId, int CommentId, string? Text)> Changes { get; } = [];

        public IReadOnlyList<NearDuplicateMatch> NextMatches { get; set; } = [];

        public Task<IReadOnlyList<NearDuplicateMatch>> FindAsync(int essayId, string text, int? excludeCommentId = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(NextMatches);

        public Task CommentChangedAsync(int essayId, int commentId, string? visibleText, CancellationToken cancellationToken = default)
        {
            Changes.Add((essayId, commentId, visibleText));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_registered_finder_replaces_the_stand_in_and_hears_of_every_post_edit_and_delete()
    {
        var finder = new RecordingFinder();
        await using var db = await CommentingDatabase.CreateAsync(configure: s => s.AddSingleton<INearDuplicateFinder>(finder));
        var comments = db.Get<CommentService>();
        var essay = await db.CreateEssayAsync();
        var actor = new CommentActor(await db.CreateUserAsync("seam"), false);

        var posted = (await comments.PostAsync(actor, essay, null, "처음")).Comment!;
        await comments.EditAsync(actor, posted.Id, "고침");
        await comments.DeleteAsync(actor, posted.Id);
        finder.NextMatches = [new NearDuplicateMatch(posted.Id, 0.9)];
        var warned = await comments.PostAsync(actor, essay, null, "엔진이 비슷하다고 한 글");

        Assert.Same(finder, db.Get<INearDuplicateFinder>());
        Assert.Equal([(essay, posted.Id, "처음"), (essay, posted.Id, "고침"), (essay, posted.Id, (string?)null)], finder.Changes);
        Assert.Equal(CommentOutcomeKind.NearDuplicate, warned.Kind);
    }
}
