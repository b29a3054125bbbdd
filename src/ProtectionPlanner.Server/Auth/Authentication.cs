using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Auth;

/// <summary>Settings of <c>Planner:Auth</c>: the OpenID Connect authority whose JWTs the API accepts.</summary>
public sealed class AuthOptions
{
    /// <summary>The issuer (its discovery document gives the signing keys), e.g. https://login.example.org/realms/un.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string Audience { get; set; } = "protectionplanner";

    /// <summary>The claim naming the user (their mission memberships are recorded under this name).</summary>
    public string UserNameClaim { get; set; } = "preferred_username";

    /// <summary>The claim listing global roles: HqReviewer, Administrator.</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>Whether the authority's metadata must be fetched over HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>Settings of <c>Planner:Demo</c>: demo users and the demo token endpoint. Never enable in production.</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }

    /// <summary>Signs demo tokens; every node must share it. Random per process when empty (one node only).</summary>
    public string? SigningKey { get; set; }

    /// <summary>Generated missions seeded after the demo ones, for a large demo (0 to <see cref="MaxGeneratedMissions"/>).</summary>
    public int GeneratedMissions { get; set; }

    public const int MaxGeneratedMissions = 500;
}

public static class Authentication
{
    public const string DemoIssuer = "protectionplanner-demo";

    public const string NoIdentityProvider = "No identity provider is configured, so this node could authenticate " +
        "nobody: set Planner:Auth:Authority (PLANNER__AUTH__AUTHORITY) to your OpenID Connect issuer, or " +
        "Planner:Demo:Enabled (PLANNER__DEMO__ENABLED) to true for a demonstration.";

    /// <summary>Authentication from <c>Planner:Auth</c> and <c>Planner:Demo</c>. A node that <paramref name="serves"/>
    /// outside Development refuses to start when it could authenticate nobody.</summary>
    public static void AddPlannerAuthentication(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, bool serves)
    {
        var auth = services.AddOptions<AuthOptions>().Bind(configuration.GetSection("Planner:Auth"));
        if (serves && !environment.IsDevelopment())
            auth.Validate<IOptions<DemoOptions>>(
                    (options, demo) => demo.Value.Enabled || !string.IsNullOrWhiteSpace(options.Authority),
                    NoIdentityProvider)
                .ValidateOnStart();
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection("Planner:Demo"))
            .Validate(demo => demo.GeneratedMissions is >= 0 and <= DemoOptions.MaxGeneratedMissions,
                $"Planner:Demo:GeneratedMissions must be between 0 and {DemoOptions.MaxGeneratedMissions}.")
            .ValidateOnStart();
        services.AddSingleton<DemoTokens>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IOptions<DemoOptions>, DemoTokens>((jwt, auth, demo, demoTokens) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.NameClaimType = auth.Value.UserNameClaim;
                jwt.TokenValidationParameters.RoleClaimType = auth.Value.RolesClaim;
                jwt.TokenValidationParameters.ValidAudience = auth.Value.Audience;
                // Clocks of nodes and identity provider agree within seconds; the default of 5 minutes kept expired
                // tokens good that long.
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
                if (demo.Value.Enabled)
                {
                    jwt.TokenValidationParameters.ValidIssuer = DemoIssuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = demoTokens.Key;
                }
                else
                {
                    jwt.Authority = auth.Value.Authority;
                    jwt.RequireHttpsMetadata = auth.Value.RequireHttpsMetadata;
                }
                jwt.Events = new JwtBearerEvents
                {
                    // WebSockets cannot send headers: the SignalR client passes the token in the query string.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Query.TryGetValue("access_token", out var token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorization(options => options.FallbackPolicy = options.DefaultPolicy);
    }

    /// <summary>The signed-in user as the pipeline knows them: name and global roles (HqReviewer, Administrator).</summary>
    public static Actor Actor(this HttpContext http, IOptions<AuthOptions> auth)
    {
        var user = http.User;
        var name = user.Identity?.Name ?? user.FindFirstValue("sub")
            ?? throw new Forbidden("The access token names no user.");
        var roles = user.FindAll(auth.Value.RolesClaim)
            .Select(claim => Enum.TryParse<Role>(claim.Value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var role) ? role : (Role?)null)
            .Where(role => role is { } r && Access.GlobalRoles.Contains(r))
            .Select(role => role!.Value)
            .ToHashSet();
        return new Actor(name, roles);
    }
}

/// <summary>Issues demo tokens for the seeded demo users.</summary>
public sealed class DemoTokens(IOptions<DemoOptions> demo, IOptions<AuthOptions> auth, TimeProvider clock, ILogger<DemoTokens> logger)
{
    public SymmetricSecurityKey Key { get; } = CreateKey(demo.Value, logger);

    public string Issue(string userName, IEnumerable<Role> globalRoles, string? displayName = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userName,
            [auth.Value.UserNameClaim] = userName,
            [auth.Value.RolesClaim] = globalRoles.Select(role => role.ToString()).ToArray(),
        };
        if (displayName is not null) claims["name"] = displayName;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authentication.DemoIssuer,
            Audience = auth.Value.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(12),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static SymmetricSecurityKey CreateKey(DemoOptions demo, ILogger logger)
    {
        if (!string.IsNullOrEmpty(demo.SigningKey)) return new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes(demo.SigningKey)));
        if (demo.Enabled) logger.LogWarning("Planner:Demo:SigningKey is not set: demo tokens are valid on this node only");
        return new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
    }
}
