using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api;

/// <summary>
/// A body minimal APIs cannot bind (malformed JSON, or text System.Text.Json refuses such as a lone surrogate escape
/// <c>"\ud800"</c>) is the client's mistake. In Development minimal APIs throw <see cref="BadHttpRequestException"/> for it,
/// which the exception handler would answer with 500: answer 400 problem+json in every environment.
/// </summary>
internal sealed class UnreadableJsonExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            InvalidOperationException { Source: "System.Text.Json" } => StatusCodes.Status400BadRequest,
            _ => 0,
        };
        if (status == 0 || !httpContext.IsApiRequest())
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = "요청 본문을 읽을 수 없습니다",
                Detail = "The request body is not JSON this endpoint can read (malformed, wrong shape, or a lone surrogate escape).",
                Type = ApiConventions.ProblemType(Core.ProblemTypes.UnreadableJson),
            },
        });
    }
}
