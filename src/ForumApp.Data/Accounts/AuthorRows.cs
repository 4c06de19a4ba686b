using ForumApp.Core.Essays;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Accounts;

/// <summary>The author row an account writes as.</summary>
internal static class AuthorRows
{
    // Accounts get an author row when they are made; this covers accounts made some other way.
    internal static async Task<Author?> EnsureAsync(ForumDbContext db, string userId, CancellationToken cancellationToken)
    {
        var author = await db.Authors.FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (author is not null)
        {
            return author;
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        author = new Author { DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? userId : user.DisplayName, UserId = userId };
        db.Authors.Add(author);
        await db.SaveChangesAsync(cancellationToken);
        return author;
    }
}
