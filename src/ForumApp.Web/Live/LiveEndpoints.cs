using System.Globalization;
using System.Text;
using System.Text.Json;
using ForumApp.Core.Changes;
using ForumApp.Data;
using ForumApp.Web.Api;
using ForumApp.Web.Reading;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Web.Live;

/// <summary>
/// <c>GET /api/essays/{id}/events</c>: Server-Sent Events, one per committed change of the essay (<c>id:</c> the
/// change's sequence, <c>event:</c> its kind, <c>data:</c> JSON naming the comments). A reconnecting browser sends
/// <c>Last-Event-ID</c> and first gets what it missed, read from the change log. A reader holds one HTTP connection
/// and a small queue, no Blazor circuit.
/// </summary>
public static class LiveEndpoints
{
    /// <summary>How often a comment line keeps an idle stream (and the proxies on its way) open.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    /// <summary>At most this many missed changes are sent on resuming; a reader further behind reloads the page.</summary>
    public const int MaxBacklog = 1_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the event stream.</summary>
    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/essays/{id:int}/events", StreamAsync)
            .WithTags("Essays")
            .WithName("GetEssayEvents")
            .WithSummary("Server-Sent Events (text/event-stream): one event per committed change of the essay; event is the change kind "
                + "(commentPosted, commentEdited, commentDeleted, commentRestored, commentsMerged, commentsUnmerged, essayChanged), data is JSON "
                + "with sequence, commentId and commentIds. Send Last-Event-ID to resume after a dropped connection.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(RateLimiting.RateLimits.Read);
        return routes;
    }

    private static async Task<IResult> StreamAsync(
        int id,
        HttpContext http,
        ReadingCache reading,
        LiveHub hub,
        IDbContextFactory<ForumDbContext> dbFactory,
        ForumApp.Data.Essays.EssayAccess access,
        CancellationToken cancellationToken)
    {
        // A draft or unpublished essay is followed only by those who may read it.
        if (await Api.Essays.EssayEndpoints.ReadableAsync(id, reading, access, http.User, cancellationToken) is null)
        {
            return ApiConventions.NotFound("에세이를 찾을 수 없습니다", $"There is no essay with id {id}.");
        }

        var resumeAfter = LastEventId(http);
        using var subscription = hub.Subscribe(id); // before reading the backlog, so nothing falls between the two
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass events on at once
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.WriteAsync("retry: 2000\n: 연결되었습니다\n\n", cancellationToken);

        var sent = resumeAfter ?? 0;
        if (resumeAfter is long after)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var missed = await db.ChangeLog.AsNoTracking()
                .Where(e => e.EssayId == id && e.Id > after)
                .OrderBy(e => e.Id).Take(MaxBacklog).ToListAsync(cancellationToken);
            foreach (var entry in missed)
            {
                await WriteAsync(response, entry.ToChange(), cancellationToken);
                sent = entry.Id;
            }
        }

        await response.Body.FlushAsync(cancellationToken);
        var reader = subscription.Changes.Reader;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(Heartbeat);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await response.WriteAsync(": ping\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (!more)
                {
                    break; // cut off (too far behind): the browser reconnects with its last event id
                }

                while (reader.TryRead(out var change))
                {
                    if (change.Sequence > sent || change.Sequence == 0)
                    {
                        await WriteAsync(response, change, cancellationToken);
                        sent = Math.Max(sent, change.Sequence);
                    }
                }

                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The reader left.
        }

        return Results.Empty;
    }

    /// <summary>The event name of a change kind: camelCase ("commentPosted").</summary>
    public static string EventName(ForumChangeKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static long? LastEventId(HttpContext http)
    {
        var value = http.Request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(value))
        {
            value = http.Request.Query["lastEventId"].ToString();
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 0 ? id : null;
    }

    private static Task WriteAsync(HttpResponse response, ForumChange change, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(new
        {
            sequence = change.Sequence,
            kind = EventName(change.Kind),
            essayId = change.EssayId,
            commentId = change.CommentIds.Count > 0 ? change.CommentIds[0] : (int?)null,
            commentIds = change.CommentIds,
            parentId = change.ParentId,
            mergeId = change.MergeId,
        }, Json);
        var text = new StringBuilder(data.Length + 64)
            .Append("id: ").Append(change.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(EventName(change.Kind)).Append('\n')
            .Append("data: ").Append(data).Append("\n\n")
            .ToString();
        return response.WriteAsync(text, cancellationToken);
    }
}
