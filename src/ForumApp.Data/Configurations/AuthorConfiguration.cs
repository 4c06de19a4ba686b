using ForumApp.Core.Essays;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class AuthorConfiguration : IEntityTypeConfiguration<Author>
{
    public void Configure(EntityTypeBuilder<Author> builder)
    {
        builder.Property(a => a.DisplayName).HasMaxLength(100);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.HasIndex(a => a.UserId).IsUnique();
        builder.HasIndex(a => a.DisplayName);
        builder.Ignore(a => a.ProfileName);
    }
}
