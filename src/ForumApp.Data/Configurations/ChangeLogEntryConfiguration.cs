using ForumApp.Data.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class ChangeLogEntryConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> builder)
    {
        builder.ToTable("ChangeLog");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        // Live readers resume one essay's feed from an id; nodes catch up on every essay from an id (the key).
        builder.HasIndex(e => new { e.EssayId, e.Id });
        builder.HasIndex(e => e.At);
    }
}
