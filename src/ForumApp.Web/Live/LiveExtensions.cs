using ForumApp.Core.Changes;

namespace ForumApp.Web.Live;

/// <summary>Registers the live channel.</summary>
public static class LiveExtensions
{
    /// <summary>The hub that hands changes to open event streams (a change-feed listener).</summary>
    public static IServiceCollection AddForumLive(this IServiceCollection services)
    {
        services.AddSingleton<LiveHub>();
        services.AddSingleton<IForumChangeListener>(sp => sp.GetRequiredService<LiveHub>());
        return services;
    }
}
