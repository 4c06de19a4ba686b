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
        builder.Property(m => m.Reason).HasMaxLength(500);
        builder.HasMany(m => m.Members).WithOne().HasForeignKey(x => x.MergeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Essay>().WithMany().HasForeignKey(m => m.EssayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Comment>().WithMany().HasForeignKey(m => m.CanonicalId).OnDelete(DeleteBehavior.Restrict);
    }
}

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

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(a => a.Actor).HasMaxLength(450);
        builder.Property(a => a.Action).HasMaxLength(50);
        builder.Property(a => a.Target).HasMaxLength(100);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Action, a.At });
    }
}

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
