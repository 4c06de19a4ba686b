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

internal sealed class AuthorConfiguration : IEntityTypeConfiguration<Author>
{
    public void Configure(EntityTypeBuilder<Author> builder)
    {
        builder.Property(a => a.DisplayName).HasMaxLength(100);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.HasIndex(a => a.UserId).IsUnique();
        builder.HasIndex(a => a.DisplayName);
    }
}

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
