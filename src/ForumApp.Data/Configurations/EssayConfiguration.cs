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
        // Essays that existed before statuses were published ones at revision 1 (the migration's column defaults).
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(e => e.SourceHash).IsUnique();
        builder.HasIndex(e => e.PublishedAt);
        // The list: published essays, newest or most recently answered first.
        builder.HasIndex(e => new { e.Status, e.PublishedAt });
        builder.HasIndex(e => new { e.Status, e.LastCommentAt });
        builder.HasOne(e => e.Author).WithMany().HasForeignKey(e => e.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EssayRevisionConfiguration : IEntityTypeConfiguration<EssayRevision>
{
    public void Configure(EntityTypeBuilder<EssayRevision> builder)
    {
        builder.Property(r => r.Title).HasMaxLength(300);
        builder.HasIndex(r => new { r.EssayId, r.Number }).IsUnique();
        builder.HasOne<Essay>().WithMany().HasForeignKey(r => r.EssayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Author>().WithMany().HasForeignKey(r => r.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EssayParagraphConfiguration : IEntityTypeConfiguration<EssayParagraph>
{
    public void Configure(EntityTypeBuilder<EssayParagraph> builder)
    {
        // A revision's paragraphs load in order with one range scan.
        builder.HasIndex(p => new { p.EssayId, p.Revision, p.Position }).IsUnique();
        builder.HasOne<Essay>().WithMany().HasForeignKey(p => p.EssayId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EssayTagConfiguration : IEntityTypeConfiguration<EssayTag>
{
    public void Configure(EntityTypeBuilder<EssayTag> builder)
    {
        builder.HasKey(t => new { t.EssayId, t.Name });
        builder.Property(t => t.Name).HasMaxLength(EssayRules.MaxTagLength * 2);
        // The list's tag filter.
        builder.HasIndex(t => t.Name);
        builder.HasOne<Essay>().WithMany().HasForeignKey(t => t.EssayId).OnDelete(DeleteBehavior.Cascade);
    }
}
