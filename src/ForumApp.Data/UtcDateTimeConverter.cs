using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ForumApp.Data;

/// <summary>Reads every stored timestamp back as UTC (SQLite keeps no kind; Npgsql wants UTC for timestamptz).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
