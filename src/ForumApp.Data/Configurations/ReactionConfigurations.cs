using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Notifications;
using ForumApp.Core.Reactions;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class CommentReactionConfiguration : IEntityTypeConfiguration<CommentReaction>
{
    public void Configure(EntityTypeBuilder<CommentReaction> builder)
    {
        // One row per person and comment row: pressing again changes nothing.
        builder.HasKey(r => new { r.CommentId, r.UserId });
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.HasIndex(r => r.UserId);
        builder.HasOne<Comment>().WithMany().HasForeignKey(r => r.CommentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ForumUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EssayReactionConfiguration : IEntityTypeConfiguration<EssayReaction>
{
    public void Configure(EntityTypeBuilder<EssayReaction> builder)
    {
        builder.HasKey(r => new { r.EssayId, r.UserId });
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.HasIndex(r => r.UserId);
        builder.HasOne<Essay>().WithMany().HasForeignKey(r => r.EssayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ForumUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.RecipientUserId).HasMaxLength(450);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.ActorName).HasMaxLength(100);
        // A replayed change never tells the same person twice for the same reason.
        builder.HasIndex(n => new { n.ChangeSequence, n.RecipientUserId, n.Kind }).IsUnique();
        // The bell (unread count) and the page (newest first) of one person.
        builder.HasIndex(n => new { n.RecipientUserId, n.ReadAt });
        builder.HasIndex(n => new { n.RecipientUserId, n.Id });
        builder.HasIndex(n => n.CommentId);
        builder.HasOne<ForumUser>().WithMany().HasForeignKey(n => n.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
