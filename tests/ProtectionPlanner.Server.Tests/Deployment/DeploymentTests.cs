namespace ProtectionPlanner.Server.Tests.Deployment;

/// <summary>deploy/check.sh in the test suite: what no run of the deployment shows here (the Kubernetes manifests, the
/// settings' documentation, the upstream Dockerfile, the UI's lock file) is checked from the files.</summary>
public sealed class DeploymentTests
{
    [Fact]
    public async Task The_deployment_files_pass_their_checks()
    {
        var (exitCode, output) = await Scripts.RunAsync(
            "deploy/check.sh", [], new Dictionary<string, string>(), TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, output);
        Assert.Contains(
            "the runtime stage's ENV, EXPOSE, HEALTHCHECK and CMD are those of Dockerfile.prebuilt", output);
        Assert.Contains("deploy/check.sh: all checks passed", output);
    }
}
