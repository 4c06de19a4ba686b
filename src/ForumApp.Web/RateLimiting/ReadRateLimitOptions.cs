using System.Globalization;
using System.Threading.RateLimiting;

namespace ForumApp.Web.RateLimiting;

/// <summary>
/// The per-address budget for reading pages and the read API (configuration section <c>RateLimits:Read</c>): a token
/// bucket of <see cref="TokenLimit"/> requests refilled by <see cref="TokensPerSecond"/> a second. Many readers behind
/// one address (a campus, a proxy without forwarded headers) or a benchmark may need more; 0 turns it off.
/// </summary>
public sealed class ReadRateLimitOptions
{
    /// <summary>Configuration section the options are read from.</summary>
    public const string Section = "RateLimits:Read";

    /// <summary>The burst one address may make at once.</summary>
    public int TokenLimit { get; set; } = 600;

    /// <summary>Requests a second one address may keep making; 0 turns the read limit off.</summary>
    public int TokensPerSecond { get; set; } = 300;
}

/// <summary>Names of the rate-limit policies, and their registration.</summary>
public static class RateLimits
{
    /// <summary>Reading pages and the read API, per address.</summary>
    public const string Read = "read";

    /// <summary>"공감" given and taken back (API and forms), per account (section <c>RateLimits:Reactions</c>, same fields).</summary>
    public const string Reactions = "reactions";

    /// <summary>Configuration section of the reaction limit.</summary>
    public const string ReactionsSection = "RateLimits:Reactions";

    /// <summary>
    /// The read limit as a policy; posting limits are <see cref="Posting.PostingLimiter"/>, which counts only stored posts
    /// and so cannot be an HTTP middleware.
    /// </summary>
    public static IServiceCollection AddForumRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var read = configuration.GetSection(ReadRateLimitOptions.Section).Get<ReadRateLimitOptions>() ?? new ReadRateLimitOptions();
        services.AddSingleton(read);
        var reactions = new ReadRateLimitOptions { TokenLimit = 30, TokensPerSecond = 1 };
        configuration.GetSection(ReactionsSection).Bind(reactions);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "요청이 너무 많습니다",
                    detail: "잠시 뒤에 다시 시도해 주세요.").ExecuteAsync(context.HttpContext);
            };
            // Reading is cheap but not free: a generous per-address budget keeps one client from starving the rest.
            options.AddPolicy(Read, http => read.TokensPerSecond <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetTokenBucketLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(read.TokenLimit, 1),
                        TokensPerPeriod = read.TokensPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            // A click is cheap, but each one is a write and a change on the feed: a burst of 30, then one a second.
            options.AddPolicy(Reactions, http => reactions.TokensPerSecond <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetTokenBucketLimiter(
                    http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(reactions.TokenLimit, 1),
                        TokensPerPeriod = reactions.TokensPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
        });
        return services;
    }
}
