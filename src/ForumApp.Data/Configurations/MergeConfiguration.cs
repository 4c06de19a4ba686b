using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class MergeConfiguration : IEntityTypeConfiguration<Merge>
{
    public void Configure(EntityTypeBuilder<Merge> builder)
    {
        builder.Property(m => m.MergedBy).HasMaxLength(450);
        builder.Property(m => m.UndoneBy).HasMaxLength(450);
        builder.Property(m => m.Reason).HasMaxLength(Merge.MaxReasonLength);
        builder.HasMany(m => m.Members).WithOne().HasForeignKey(x => x.MergeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Essay>().WithMany().HasForeignKey(m => m.EssayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Comment>().WithMany().HasForeignKey(m => m.CanonicalId).OnDelete(DeleteBehavior.Restrict);
    }
}
