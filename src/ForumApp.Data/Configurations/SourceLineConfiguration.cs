using ForumApp.Core.Essays;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class SourceLineConfiguration : IEntityTypeConfiguration<SourceLine>
{
    public void Configure(EntityTypeBuilder<SourceLine> builder)
    {
        builder.Property(l => l.SourceFile).HasMaxLength(500);
        builder.Property(l => l.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(l => new { l.EssayId, l.LineNumber }).IsUnique();
        builder.HasOne<Essay>().WithMany().HasForeignKey(l => l.EssayId).OnDelete(DeleteBehavior.Cascade);
    }
}
