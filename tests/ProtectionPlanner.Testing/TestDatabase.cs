using Npgsql;
using Xunit;

namespace ProtectionPlanner.Testing;

/// <summary>
/// A fresh, empty database for one test class (use it as a class fixture), dropped afterwards. Classes run in
/// parallel without seeing each other's data.
/// </summary>
public class TestDatabase : IAsyncLifetime
{
    private NpgsqlDataSource? dataSource;

    /// <summary>The database's name.</summary>
    public string Name { get; } = $"test_{Guid.NewGuid():N}"[..24];

    /// <summary>A connection string to this database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A data source on this database.</summary>
    public NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    /// <summary>A new, independent data source (its own pool), as another process would have.</summary>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        var server = await PostgresServer.ConnectionStringAsync();
        await using (var maintenance = NpgsqlDataSource.Create(server))
        await using (var create = maintenance.CreateCommand($"create database \"{Name}\""))
        {
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name, MaxAutoPrepare = 50 }.ConnectionString;
        dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>Runs a scalar query, for assertions.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement, for setting up or tampering.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (dataSource is not null) await dataSource.DisposeAsync();
        var server = await PostgresServer.ConnectionStringAsync();
        await using var maintenance = NpgsqlDataSource.Create(server);
        await using var drop = maintenance.CreateCommand($"drop database if exists \"{Name}\" with (force)");
        await drop.ExecuteNonQueryAsync();
    }
}
