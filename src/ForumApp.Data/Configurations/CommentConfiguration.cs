using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.SourceFile).HasMaxLength(500);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Stance).HasConversion<string>().HasMaxLength(20);
        // The whole tree of an essay loads with one query on this index.
        builder.HasIndex(c => new { c.EssayId, c.CreatedAt });
        builder.HasIndex(c => new { c.AuthorId, c.ContentHash });
        // The visible-comment count is recounted on every change: a covering index keeps that a short range scan.
        builder.HasIndex(c => new { c.EssayId, c.Status });
        // The list's stance counts per essay.
        builder.HasIndex(c => new { c.EssayId, c.Stance });
        builder.HasOne<Essay>().WithMany().HasForeignKey(c => c.EssayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Comment>().WithMany().HasForeignKey(c => c.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
