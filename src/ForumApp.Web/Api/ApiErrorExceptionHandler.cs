using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api;

/// <summary>
/// Any other exception in an API request is a 500 problem+json (never the HTML error page), in every environment.
/// Runs after <see cref="UnreadableJsonExceptionHandler"/>; pages are left to the error page.
/// </summary>
internal sealed class ApiErrorExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.IsApiRequest())
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "서버에서 문제가 생겼습니다",
                Detail = "The request failed on the server; it was logged. Try again later.",
            },
        });
    }
}
