using Npgsql;
using OpsModule.Tests.Support;

namespace OpsModule.Sandbox;

/// <summary>
/// The databases the runbooks and the docs' examples name, small but real: ceoagent (owned by the role ceoagent, as the app's
/// own user would own it), users and orders (ecommerce-k8s).
/// </summary>
internal static class SandboxDatabases
{
    private const string CeoAgent = """
        CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE agents (id serial PRIMARY KEY, name text NOT NULL, model text NOT NULL, owner_id int NOT NULL REFERENCES users (id));
        CREATE TABLE tasks (id serial PRIMARY KEY, agent_id int NOT NULL REFERENCES agents (id), title text NOT NULL, status text NOT NULL,
                            created_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO users (email, name) SELECT 'user' || g || '@ceoagent.example', 'User ' || g FROM generate_series(1, 50) g;
        INSERT INTO agents (name, model, owner_id) SELECT 'agent-' || g, 'planner-v' || g, g FROM generate_series(1, 5) g;
        INSERT INTO tasks (agent_id, title, status)
            SELECT 1 + g % 5, 'Task ' || g, CASE WHEN g % 3 = 0 THEN 'done' ELSE 'open' END FROM generate_series(1, 200) g;
        """;

    private const string Users = """
        CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE, country char(2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO users (email, country) SELECT 'shopper' || g || '@shop.example', (ARRAY['DE', 'FR', 'US', 'CN'])[1 + g % 4] FROM generate_series(1, 100) g;
        """;

    private const string Orders = """
        CREATE TABLE orders (id serial PRIMARY KEY, user_id int NOT NULL, total numeric(10, 2) NOT NULL, placed_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE order_items (order_id int NOT NULL REFERENCES orders (id), sku text NOT NULL, quantity int NOT NULL, PRIMARY KEY (order_id, sku));
        INSERT INTO orders (user_id, total) SELECT 1 + g % 100, round((g * 7.31)::numeric % 500, 2) FROM generate_series(1, 300) g;
        INSERT INTO order_items (order_id, sku, quantity) SELECT g, 'SKU-' || (g % 40), 1 + g % 3 FROM generate_series(1, 300) g;
        """;

    public static async Task CreateAsync(PostgresServer server, CancellationToken cancellationToken)
    {
        await ExecuteAsync(server.ConnectionString(), "CREATE ROLE ceoagent NOLOGIN", cancellationToken);
        await ExecuteAsync(server.ConnectionString(), "CREATE DATABASE ceoagent OWNER ceoagent", cancellationToken);
        await ExecuteAsync(server.ConnectionString("ceoagent"), "SET ROLE ceoagent;\n" + CeoAgent, cancellationToken);
        await server.CreateDatabaseAsync("users", cancellationToken);
        await ExecuteAsync(server.ConnectionString("users"), Users, cancellationToken);
        await server.CreateDatabaseAsync("orders", cancellationToken);
        await ExecuteAsync(server.ConnectionString("orders"), Orders, cancellationToken);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
