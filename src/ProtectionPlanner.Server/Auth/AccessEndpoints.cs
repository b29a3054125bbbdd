using Marten;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Missions;

namespace ProtectionPlanner.Server.Auth;

public sealed record DemoTokenRequest(string UserName);

public sealed record DemoTokenResponse(string AccessToken, string UserName, string DisplayName, IReadOnlyList<Role> GlobalRoles);

public sealed record Membership(Guid MissionId, string Acronym, Role Role, Guid? ComponentId);

public sealed record Me(string UserName, IReadOnlyList<Role> GlobalRoles, IReadOnlyList<Membership> Memberships);

public sealed record DemoUserView(string UserName, string DisplayName, IReadOnlyList<Role> GlobalRoles, string Description);

public static class AccessEndpoints
{
    public static void MapAccessEndpoints(this IEndpointRouteBuilder app, bool demo)
    {
        app.MapGet("/api/me", async (HttpContext http, IDocumentSession session, NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                var actor = CommandHttp.Actor(http);
                var memberships = new List<Membership>();
                foreach (var (mission, _) in await MissionQueries.AllAsync(session, dataSource, ct))
                    if (mission.Members.FirstOrDefault(m => m.UserName == actor.UserName) is { } member)
                        memberships.Add(new Membership(mission.Id, mission.Acronym, member.Role, member.ComponentId));
                return TypedResults.Ok(new Me(actor.UserName, [.. actor.GlobalRoles], memberships));
            })
            .WithTags("Access").WithSummary("Who you are: your global roles and your role in each mission.");

        if (!demo) return;
        var demoGroup = app.MapGroup("/api/demo").WithTags("Demo").AllowAnonymous();
        demoGroup.MapGet("/users", () => TypedResults.Ok(DemoData.Users.Select(u => new DemoUserView(u.UserName, u.DisplayName, u.GlobalRoles, u.Description))))
            .WithSummary("The demo users (demo mode only).");
        demoGroup.MapPost("/token", (DemoTokenRequest body, DemoTokens tokens) =>
            {
                var user = DemoData.Users.FirstOrDefault(u => u.UserName == body.UserName)
                    ?? throw new BadRequest(400, "validation", "Invalid request", $"'{body.UserName}' is not a demo user.", "userName");
                return TypedResults.Ok(new DemoTokenResponse(tokens.Issue(user.UserName, user.GlobalRoles, user.DisplayName), user.UserName, user.DisplayName, user.GlobalRoles));
            })
            .WithSummary("An access token for a demo user (demo mode only).")
            .RequireRateLimiting(RateLimits.TokenIssuance);
    }
}
