using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class CommentFlagConfiguration : IEntityTypeConfiguration<CommentFlag>
{
    public void Configure(EntityTypeBuilder<CommentFlag> builder)
    {
        builder.Property(f => f.ReporterUserId).HasMaxLength(450);
        builder.Property(f => f.ResolvedBy).HasMaxLength(450);
        builder.Property(f => f.Note).HasMaxLength(CommentFlag.MaxNoteLength);
        builder.Property(f => f.Reason).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(f => new { f.Status, f.CreatedAt });
        builder.HasIndex(f => f.CommentId);
        builder.HasOne<Comment>().WithMany().HasForeignKey(f => f.CommentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Essay>().WithMany().HasForeignKey(f => f.EssayId).OnDelete(DeleteBehavior.Cascade);
    }
}
