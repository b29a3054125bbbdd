using System.Diagnostics;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Operations;

/// <summary>
/// Release builds load Wolverine's handler code as deploy/local/codegen.sh wrote it (TypeLoadMode.Static): the code in
/// the repository must be what the endpoints and the command workflow generate now.
/// </summary>
public sealed class GeneratedCodeTests
{
    private static readonly string Committed =
        Path.Combine(PostgresServer.RepositoryRoot, "src", "ProtectionPlanner.Server", "Internal", "Generated");

    [Fact]
    public async Task The_generated_handler_code_in_the_repository_is_what_the_endpoints_generate_now()
    {
        var contentRoot = Directory.CreateTempSubdirectory("codegen-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet",
                [Path.Combine(AppContext.BaseDirectory, "ProtectionPlanner.Server.dll"), "codegen", "write", "--contentroot", contentRoot])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["PLANNER__DATABASE"] = "Host=127.0.0.1;Database=codegen" }, // built, never reached
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            Assert.True(process.ExitCode == 0, await output + await errors);

            var generated = Files(Path.Combine(contentRoot, "Internal", "Generated"));
            var committed = Files(Committed);
            var stale = generated.Keys.Union(committed.Keys)
                .Where(file => generated.GetValueOrDefault(file) != committed.GetValueOrDefault(file)).Order().ToList();
            Assert.True(stale.Count == 0,
                $"Run deploy/local/codegen.sh and commit the result: {stale.Count} generated file(s) differ: {string.Join(", ", stale.Take(10))}");
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(folder, file), File.ReadAllText)
        : [];
}
