using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Data.Backup;
using ForumApp.Web.Cli;
using ForumApp.Web.Tests.Commenting;
using Microsoft.Data.Sqlite;

namespace ForumApp.Web.Tests.Cli;

/// <summary>The backup verb: an online, consistent copy while the forum takes posts, and a restore that reads it back.</summary>
public sealed class BackupCommandTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    [Fact]
    public async Task A_backup_taken_while_posting_is_consistent_and_a_restored_copy_serves_the_essay()
    {
        var essay = await app.CreateEssayAsync();
        var title = (await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{essay}")).GetProperty("title").GetString();
        var writer = app.Client((await app.CreateUserAsync("backup-writer")).Token);
        var backup = Path.Combine(Path.GetTempPath(), $"forum-backup-{Guid.NewGuid():N}.db");
        using var stop = new CancellationTokenSource();
        var acknowledged = 0;
        var posting = Task.Run(async () =>
        {
            for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
            {
                var response = await writer.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = $"백업 중에 쓰는 {i}번째 댓글" });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                Interlocked.Increment(ref acknowledged);
            }
        });
        try
        {
            while (Volatile.Read(ref acknowledged) < 10)
            {
                await Task.Delay(20);
            }

            var (code, output, error) = await RunAsync("backup", backup);
            await stop.CancelAsync();
            await posting;

            Assert.True(code == 0, error);
            Assert.StartsWith("backup: " + backup, output, StringComparison.Ordinal);
            var copy = await SqliteBackupService.VerifyAsync(backup);
            Assert.Equal("ok", copy.IntegrityCheck);
            Assert.InRange(copy.Comments, 10, Volatile.Read(ref acknowledged));
            Assert.Equal(0, await ScalarAsync(backup, "SELECT COUNT(*) FROM Comments c WHERE NOT EXISTS (SELECT 1 FROM CommentRevisions r WHERE r.CommentId = c.Id)"));
            Assert.Equal(copy.Comments, await ScalarAsync(backup, $"SELECT CommentCount FROM Essays WHERE Id = {essay}"));

            // Restore: the copy becomes the database of a server that was not running, which then serves and takes posts.
            using var restored = new CommentingAppFactory();
            File.Copy(backup, new SqliteConnectionStringBuilder(restored.ConnectionString).DataSource);
            var read = await restored.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{essay}");
            Assert.Equal(title, read.GetProperty("title").GetString());
            Assert.Equal(copy.Comments, read.GetProperty("commentCount").GetInt32());
            var newcomer = restored.Client((await restored.CreateUserAsync("after-restore")).Token);
            Assert.Equal(HttpStatusCode.Created, (await newcomer.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "복원한 뒤에 쓴 댓글" })).StatusCode);
        }
        finally
        {
            await stop.CancelAsync();
            SqliteConnection.ClearAllPools();
            File.Delete(backup);
        }
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file()
    {
        var existing = Path.GetTempFileName();
        try
        {
            await app.CreateEssayAsync();
            var (code, output, error) = await RunAsync("backup", existing);

            Assert.Equal(1, code);
            Assert.Empty(output);
            Assert.Contains("already exists", error, StringComparison.Ordinal);
            Assert.Equal(0, new FileInfo(existing).Length);
        }
        finally
        {
            File.Delete(existing);
        }
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ForumCli.RunAsync([.. args, $"--ConnectionStrings:Forum={app.ConnectionString}"], stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
