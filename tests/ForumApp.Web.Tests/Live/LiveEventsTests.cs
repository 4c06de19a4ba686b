using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Core.Accounts;
using ForumApp.Web.Tests.Commenting;

namespace ForumApp.Web.Tests.Live;

/// <summary>The essay's event stream: one event per committed change, resumable with Last-Event-ID.</summary>
public sealed class LiveEventsTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_reader_hears_a_post_an_edit_a_delete_and_a_merge_as_they_commit()
    {
        var essay = await app.CreateEssayAsync();
        var writer = await app.CreateUserAsync("live-writer-" + Guid.NewGuid().ToString("N")[..6]);
        var other = await app.CreateUserAsync("live-other-" + Guid.NewGuid().ToString("N")[..6]);
        var moderator = await app.CreateUserAsync("live-mod-" + Guid.NewGuid().ToString("N")[..6], ForumRoles.Moderator);
        await using var stream = await EventStream.OpenAsync(app.Client(), essay);

        var first = await PostAsync(writer, essay, "실시간으로 전해질 첫 댓글입니다.");
        using (await app.Client(writer.Token).PutAsJsonAsync($"/api/comments/{first}", new { body = "고친 첫 댓글입니다." }))
        {
        }

        var copy = await PostAsync(other, essay, "고친 첫 댓글입니다.", acknowledge: true);
        using (await app.Client(moderator.Token).PostAsJsonAsync("/api/moderation/merges", new { canonicalId = first, memberIds = new[] { copy } }))
        {
        }

        var reply = await PostAsync(other, essay, "지워질 답글입니다.", parent: first);
        using (await app.Client(other.Token).DeleteAsync(new Uri($"/api/comments/{reply}", UriKind.Relative)))
        {
        }

        var events = await stream.ReadAsync(6, Patience);

        Assert.Equal(["commentPosted", "commentEdited", "commentPosted", "commentsMerged", "commentPosted", "commentDeleted"], events.Select(e => e.Name));
        Assert.Equal([first, first, copy, first, reply, reply], events.Select(e => e.Data.GetProperty("commentId").GetInt32()));
        Assert.Equal([first, copy], events[3].Data.GetProperty("commentIds").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal(first, events[4].Data.GetProperty("parentId").GetInt32());
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_reader_who_reconnects_with_the_last_event_id_gets_what_they_missed_once_and_in_order()
    {
        var essay = await app.CreateEssayAsync();
        var writer = await app.CreateUserAsync("live-resume-" + Guid.NewGuid().ToString("N")[..6]);
        long lastSeen;
        await using (var stream = await EventStream.OpenAsync(app.Client(), essay))
        {
            await PostAsync(writer, essay, "연결이 끊기기 전의 댓글입니다.");
            lastSeen = (await stream.ReadAsync(1, Patience))[0].Id;
        }

        var missed1 = await PostAsync(writer, essay, "끊긴 사이에 올라온 첫째 댓글입니다.");
        var missed2 = await PostAsync(writer, essay, "끊긴 사이에 올라온 둘째 댓글입니다.");
        await using var resumed = await EventStream.OpenAsync(app.Client(), essay, lastSeen);
        var after = await PostAsync(writer, essay, "다시 이어진 뒤의 댓글입니다.");

        var events = await resumed.ReadAsync(3, Patience);

        Assert.Equal([missed1, missed2, after], events.Select(e => e.Data.GetProperty("commentId").GetInt32()));
        Assert.All(events, e => Assert.True(e.Id > lastSeen));
    }

    [Fact]
    public async Task Another_essays_changes_are_not_sent_and_an_unknown_essay_is_404()
    {
        var watched = await app.CreateEssayAsync();
        var elsewhere = await app.CreateEssayAsync();
        var writer = await app.CreateUserAsync("live-other-essay-" + Guid.NewGuid().ToString("N")[..6]);
        await using var stream = await EventStream.OpenAsync(app.Client(), watched);

        await PostAsync(writer, elsewhere, "다른 에세이의 댓글입니다.");
        var mine = await PostAsync(writer, watched, "지켜보는 에세이의 댓글입니다.");
        using var unknown = await app.Client().GetAsync(new Uri("/api/essays/999999/events", UriKind.Relative));

        Assert.Equal(mine, (await stream.ReadAsync(1, Patience))[0].Data.GetProperty("commentId").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<int> PostAsync(TestUser user, int essay, string body, bool acknowledge = false, int? parent = null)
    {
        using var response = await app.Client(user.Token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body, parentId = parent, acknowledgeDuplicate = acknowledge });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private sealed record ServerEvent(long Id, string Name, JsonElement Data);

    /// <summary>A text/event-stream read line by line.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private EventStream(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<EventStream> OpenAsync(HttpClient client, int essay, long? lastEventId = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/essays/{essay}/events", UriKind.Relative));
            if (lastEventId is long id)
            {
                request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<List<ServerEvent>> ReadAsync(int count, TimeSpan patience)
        {
            using var timeout = new CancellationTokenSource(patience);
            var events = new List<ServerEvent>();
            long id = 0;
            string? name = null;
            while (events.Count < count)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the stream ended");
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    events.Add(new ServerEvent(id, name!, JsonDocument.Parse(line[6..]).RootElement.Clone()));
                }
            }

            return events;
        }

        public async ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            await Task.CompletedTask;
        }
    }
}
