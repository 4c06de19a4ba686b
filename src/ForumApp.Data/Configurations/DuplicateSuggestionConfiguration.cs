using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

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
