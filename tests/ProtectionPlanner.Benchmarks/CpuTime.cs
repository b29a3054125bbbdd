using System.Globalization;

namespace ProtectionPlanner.Benchmarks;

/// <summary>CPU time (user + system) of processes, from /proc: where a workload's cost goes.</summary>
public static class CpuTime
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds of CPU used so far by the processes whose command line matches <paramref name="predicate"/>.</summary>
    public static double Of(Func<int, string, bool> predicate)
    {
        double total = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (!predicate(pid, command)) continue;
                total += Seconds(directory);
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }
        return total;
    }

    /// <summary>
    /// Seconds of CPU used so far by each thread named <paramref name="threadName"/> of process <paramref name="pid"/>,
    /// by thread id (a thread that ended is no longer listed).
    /// </summary>
    public static Dictionary<int, double> ThreadsOf(int pid, string threadName)
    {
        var threads = new Dictionary<int, double>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() != threadName) continue;
                    threads[int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture)] = Seconds(directory);
                }
                catch (IOException)
                {
                    // The thread ended meanwhile.
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The process ended.
        }
        return threads;
    }

    /// <summary>CPU seconds the threads in <paramref name="now"/> used since <paramref name="before"/> (new threads from 0).</summary>
    public static double Since(Dictionary<int, double> before, Dictionary<int, double> now) =>
        now.Sum(thread => thread.Value - before.GetValueOrDefault(thread.Key));

    /// <summary>User + system CPU seconds of the process or thread whose /proc directory is <paramref name="directory"/>.</summary>
    private static double Seconds(string directory, bool withReapedChildren = false)
    {
        var stat = File.ReadAllText(Path.Combine(directory, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        // cutime and cstime: what the children it has waited for used (PostgreSQL's ended backends).
        if (withReapedChildren)
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }

    public static double Self() => Of((pid, _) => pid == Environment.ProcessId);

    /// <summary>Seconds of CPU used so far by process <paramref name="root"/> and its children (a PostgreSQL cluster's
    /// postmaster and its backends, say), and by no other process on the machine.</summary>
    public static double Tree(int root) => Of((pid, _) => pid == root || ParentOf(pid) == root);

    /// <summary>The parent's process id, 0 when the process ended.</summary>
    public static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int postmaster;

    /// <summary>
    /// Counts, from now on, the PostgreSQL cluster that <paramref name="dataSource"/> reaches (when it runs on this
    /// machine): its postmaster and its children, with the backends that ended since it started. Other clusters on
    /// the machine (other worktrees' tests) are left out.
    /// </summary>
    public static async Task UseClusterOfAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var backend = dataSource.CreateCommand("select pg_backend_pid()");
        postmaster = ParentOf((int)(await backend.ExecuteScalarAsync())!);
    }

    /// <summary>CPU seconds used so far by the PostgreSQL cluster (see <see cref="UseClusterOfAsync"/>); before it is
    /// called, or when the cluster is not on this machine, by every PostgreSQL process on the machine.</summary>
    public static double PostgreSql()
    {
        if (postmaster == 0)
            return Of((_, command) => command.StartsWith("postgres", StringComparison.Ordinal)
                                      || command.Contains("bin/postgres ", StringComparison.Ordinal));
        try
        {
            // A backend that ended (a pool's connection closed) counts in its postmaster's reaped children's time.
            return Seconds($"/proc/{postmaster}", withReapedChildren: true)
                   + Of((pid, _) => pid != postmaster && ParentOf(pid) == postmaster);
        }
        catch (IOException)
        {
            return 0; // the cluster stopped
        }
    }
}
