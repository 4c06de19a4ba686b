using ForumApp.Core.Drafts;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> builder)
    {
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.Property(d => d.Place).HasMaxLength(DraftPlaces.MaxLength);
        builder.Property(d => d.Title).HasMaxLength(Drafts.DraftService.MaxTitleLength);
        builder.Property(d => d.Extra).HasMaxLength(Drafts.DraftService.MaxExtraLength);
        builder.HasIndex(d => new { d.UserId, d.Place }).IsUnique();
        builder.HasOne<ForumUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
