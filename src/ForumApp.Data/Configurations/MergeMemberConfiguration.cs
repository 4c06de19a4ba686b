using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class MergeMemberConfiguration : IEntityTypeConfiguration<MergeMember>
{
    public void Configure(EntityTypeBuilder<MergeMember> builder)
    {
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.PreviousStatus).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Comment>().WithMany().HasForeignKey(m => m.CommentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.CommentId);
    }
}
