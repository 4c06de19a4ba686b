using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Markdown;
using ForumApp.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Samples;

/// <summary>
/// Writes a large, deterministic essay with a nested discussion: for benchmarks, load tests and demos.
/// The shape follows real threads: most replies answer recent comments, a few go deep.
/// </summary>
public sealed class SampleEssayGenerator(IDbContextFactory<ForumDbContext> dbFactory, MarkdownRenderer markdown, TimeProvider clock)
{
    private static readonly string[] s_openers = ["저는", "제 생각에는", "말씀하신 대로", "조금 다르게 보면", "덧붙이자면", "반대로"];
    private static readonly string[] s_subjects = ["AI 민주화", "오픈소스 모델", "빅테크 플랫폼", "컴퓨팅 자원", "연구 불균형", "API 가격", "규제", "교육"];
    private static readonly string[] s_claims =
    [
        "접근성을 넓히는 데 꼭 필요하다고 봅니다.",
        "결국 비용 문제로 돌아온다고 생각합니다.",
        "중소기업에게는 아직 먼 이야기입니다.",
        "공공 인프라로 다뤄야 한다고 봅니다.",
        "**개방**과 *폐쇄* 사이의 균형이 핵심입니다.",
        "사례를 더 모아 봐야 판단할 수 있겠습니다.",
    ];

    /// <summary>Creates an essay with <paramref name="commentCount"/> comments and returns its id.</summary>
    public async Task<int> CreateAsync(int commentCount, int seed = 42, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(commentCount);
        var random = new Random(seed);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);

        var authors = Enumerable.Range(1, 40).Select(i => new Author { DisplayName = $"토론자{i:00}" }).ToList();
        db.Authors.AddRange(authors);
        var body = string.Join("\n\n", Enumerable.Range(0, 6).Select(_ => Sentence(random) + " " + Sentence(random)));
        var title = $"{commentCount}개의 댓글로 보는 AI 민주화 논쟁 ({seed})";
        var essay = new Essay
        {
            Slug = Slug.From(title),
            Title = title,
            Lede = "벤치마크와 시연을 위해 만든 긴 토론입니다.",
            BodyMarkdown = body,
            BodyHtml = markdown.ToSafeHtml(body),
            Author = authors[0],
            PublishedAt = now.AddDays(-1),
            CreatedAt = now,
            SourceFile = $"sample:{seed}",
        };
        db.Essays.Add(essay);
        await db.SaveChangesAsync(cancellationToken);
        await Essays.EssayRevisionWriter.AddAsync(db, markdown, essay, 1, essay.PublishedAt, [], cancellationToken);

        // Shape first (parent positions), then one save per depth level so every parent has its id before its replies.
        var parents = new int[commentCount];
        var depths = new int[commentCount];
        for (var i = 0; i < commentCount; i++)
        {
            // A third start new threads; the rest answer one of the last 30 comments.
            parents[i] = i == 0 || random.Next(3) == 0 ? -1 : i - 1 - random.Next(Math.Min(30, i));
            depths[i] = parents[i] < 0 ? 0 : depths[parents[i]] + 1;
        }

        var comments = new Comment[commentCount];
        for (var i = 0; i < commentCount; i++)
        {
            var text = $"{Sentence(random)} {Sentence(random)}\n\n({i + 1}번째 댓글)";
            comments[i] = new Comment
            {
                EssayId = essay.Id,
                Author = authors[random.Next(authors.Count)],
                BodyMarkdown = text,
                BodyHtml = markdown.ToSafeHtml(text),
                CreatedAt = essay.PublishedAt.AddMinutes(i),
                Status = CommentStatus.Visible,
                ContentHash = ContentHash.Of(text),
            };
        }

        for (var depth = 0; commentCount > 0 && depth <= depths.Max(); depth++)
        {
            for (var i = 0; i < commentCount; i++)
            {
                if (depths[i] == depth)
                {
                    comments[i].ParentId = parents[i] < 0 ? null : comments[parents[i]].Id;
                    db.Comments.Add(comments[i]);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        db.RecordChange(ForumChange.EssayChanged(essay.Id, essay.AuthorId), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return essay.Id;
    }

    private static string Sentence(Random random) =>
        $"{s_openers[random.Next(s_openers.Length)]} {s_subjects[random.Next(s_subjects.Length)]}{(random.Next(2) == 0 ? "는" : "에 대해서는")} {s_claims[random.Next(s_claims.Length)]}";
}
