using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ForumApp.Web;

/// <summary>
/// <c>/healthz</c> as JSON: the overall status and each check (database, and Redis on several nodes) with its
/// description, for a load balancer (the status code) and a person (the body).
/// </summary>
public static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the report.</summary>
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(report);
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, milliseconds = (int)e.Value.Duration.TotalMilliseconds }),
        }, Json));
    }
}
