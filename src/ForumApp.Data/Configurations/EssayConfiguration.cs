using ForumApp.Core.Essays;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class EssayConfiguration : IEntityTypeConfiguration<Essay>
{
    public void Configure(EntityTypeBuilder<Essay> builder)
    {
        builder.Property(e => e.Title).HasMaxLength(300);
        builder.Property(e => e.Slug).HasMaxLength(200);
        builder.Property(e => e.Language).HasMaxLength(20);
        builder.Property(e => e.SourceFile).HasMaxLength(500);
        builder.Property(e => e.SourceHash).HasMaxLength(64);
        builder.HasIndex(e => e.SourceHash).IsUnique();
        builder.HasIndex(e => e.PublishedAt);
        builder.HasOne(e => e.Author).WithMany().HasForeignKey(e => e.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
