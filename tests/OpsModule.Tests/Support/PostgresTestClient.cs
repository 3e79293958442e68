using System.Diagnostics;
using Npgsql;

namespace OpsModule.Tests.Support;

/// <summary>What tests do on the test server besides the product: run SQL, read rows, run psql / pg_dump / pg_restore.</summary>
internal static class PostgresTestClient
{
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row, as text.</summary>
    public static async Task<List<string>> LinesAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }

    /// <summary>
    /// Runs a client tool of the server on <paramref name="database"/> (connection in its environment) with <paramref name="input"/>
    /// on stdin, and returns its stdout; fails the test on a non-zero exit, quoting stderr.
    /// </summary>
    public static async Task<string> RunToolAsync(this PostgresServer server, string tool, string database, byte[]? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(server.Tool(tool))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in server.ClientEnvironment(database)) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await stderr}");
        return await stdout;
    }
}
