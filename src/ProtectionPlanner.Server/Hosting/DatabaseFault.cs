using Npgsql;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// Whether an error means the database could not be reached or went away (503: retry shortly), not that PostgreSQL
/// refused a statement (a bug: 500). Marten wraps Npgsql's errors in its own, so the causes are searched too.
/// </summary>
public static class DatabaseFault
{
    public static bool IsUnavailable(Exception error) => error switch
    {
        // Class 08 is a broken connection; 57P the server shutting down (57P01 ends sessions at a restart) or starting.
        PostgresException e => e.IsTransient || e.SqlState.StartsWith("08", StringComparison.Ordinal)
            || e.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException or TimeoutException => true,
        _ => error.InnerException is { } cause && IsUnavailable(cause),
    };
}
