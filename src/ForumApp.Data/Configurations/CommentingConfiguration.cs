using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class CommentRevisionConfiguration : IEntityTypeConfiguration<CommentRevision>
{
    public void Configure(EntityTypeBuilder<CommentRevision> builder)
    {
        builder.HasIndex(r => new { r.CommentId, r.Number }).IsUnique();
        builder.HasOne<Comment>().WithMany().HasForeignKey(r => r.CommentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Author).WithMany().HasForeignKey(r => r.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DuplicateSuggestionConfiguration : IEntityTypeConfiguration<DuplicateSuggestion>
{
    public void Configure(EntityTypeBuilder<DuplicateSuggestion> builder)
    {
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Source).HasMaxLength(20);
        builder.Property(s => s.DismissedBy).HasMaxLength(450);
        builder.HasIndex(s => s.MergeId);
        builder.HasIndex(s => new { s.Status, s.CreatedAt });
        builder.HasIndex(s => new { s.CommentId, s.OtherCommentId }).IsUnique();
        builder.HasOne<Essay>().WithMany().HasForeignKey(s => s.EssayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Comment>().WithMany().HasForeignKey(s => s.CommentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Comment>().WithMany().HasForeignKey(s => s.OtherCommentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasOne<ForumUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ForumUserConfiguration : IEntityTypeConfiguration<ForumUser>
{
    public void Configure(EntityTypeBuilder<ForumUser> builder) => builder.Property(u => u.DisplayName).HasMaxLength(100);
}
