using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class EssayDuplicateSuggestionConfiguration : IEntityTypeConfiguration<EssayDuplicateSuggestion>
{
    public void Configure(EntityTypeBuilder<EssayDuplicateSuggestion> builder)
    {
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.DismissedBy).HasMaxLength(450);
        builder.HasIndex(s => new { s.Status, s.CreatedAt });
        builder.HasIndex(s => new { s.EssayId, s.OtherEssayId }).IsUnique();
        builder.HasOne<Essay>().WithMany().HasForeignKey(s => s.EssayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Essay>().WithMany().HasForeignKey(s => s.OtherEssayId).OnDelete(DeleteBehavior.Restrict);
    }
}
