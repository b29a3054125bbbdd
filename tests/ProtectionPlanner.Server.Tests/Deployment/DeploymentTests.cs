namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>
/// deploy/check.sh in the test suite: the deployment files (compose, nginx.conf, Kubernetes, Dockerfile, settings) are
/// checked as well as they can be without a Docker engine, and the build under test is started as the image starts
/// it. The slow publish step is left out (--quick): the test run has built the app already.
/// </summary>
public sealed class DeploymentTests
{
    [Fact]
    public async Task The_deployment_files_pass_their_checks_and_the_app_starts_and_is_live_as_the_image_runs_it()
    {
        var (exitCode, output) = await Scripts.RunAsync("deploy/check.sh", ["--quick"],
            new Dictionary<string, string> { ["PLANNER_CHECK_SERVER_DLL"] = Scripts.ServerDll }, TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, output);
        Assert.Contains("passes the image's HEALTHCHECK", output);
        Assert.Contains("deploy/check.sh: all checks passed", output);
    }
}
