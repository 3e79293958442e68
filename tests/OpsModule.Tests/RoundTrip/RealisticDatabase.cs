using OpsModule.Tests.Support;

namespace OpsModule.Tests.RoundTrip;

/// <summary>
/// An application-like database (several schemas, sequences, serial and identity columns, views, plpgsql functions, a trigger,
/// a range-partitioned table, bytea with zero bytes, Chinese and emoji text, NULLs, large objects) and the read-backs that
/// show whether a restored copy is the same database.
/// </summary>
internal static class RealisticDatabase
{
    private const string Schema = """
        CREATE SCHEMA billing;
        CREATE SCHEMA audit;
        COMMENT ON SCHEMA billing IS '账单 🧾';

        CREATE SEQUENCE billing.invoice_number START 1000 INCREMENT 7;
        CREATE SEQUENCE public.never_used;

        CREATE TABLE public.customers (id serial PRIMARY KEY, name text NOT NULL, city text, avatar bytea);
        CREATE TABLE billing.invoices (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            number bigint NOT NULL DEFAULT nextval('billing.invoice_number'),
            customer_id int NOT NULL REFERENCES public.customers (id),
            amount numeric(12, 2),
            note text);
        COMMENT ON TABLE billing.invoices IS '发票 with emoji 💶';
        CREATE INDEX invoices_customer ON billing.invoices (customer_id);
        CREATE TABLE audit.log (id bigserial PRIMARY KEY, table_name text NOT NULL, action text NOT NULL, row_id bigint);

        CREATE FUNCTION audit.record() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO audit.log (table_name, action, row_id) VALUES (TG_TABLE_NAME, TG_OP, NEW.id);
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION audit.record();

        CREATE FUNCTION billing.total_for(customer int) RETURNS numeric LANGUAGE plpgsql STABLE AS $$
        DECLARE total numeric;
        BEGIN
            SELECT coalesce(sum(amount), 0) INTO total FROM billing.invoices WHERE customer_id = customer;
            RETURN total;
        END
        $$;
        CREATE VIEW billing.customer_totals AS
            SELECT c.id, c.name, billing.total_for(c.id) AS total FROM public.customers c;

        CREATE TABLE billing.events (id int NOT NULL, happened date NOT NULL, payload text) PARTITION BY RANGE (happened);
        CREATE TABLE billing.events_2024 PARTITION OF billing.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE billing.events_2025 PARTITION OF billing.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE billing.events_later PARTITION OF billing.events DEFAULT;
        CREATE INDEX events_happened ON billing.events (happened);

        CREATE TABLE public.documents (id int PRIMARY KEY, title text, body oid);

        INSERT INTO public.customers (name, city, avatar) VALUES
            ('张伟', '北京', '\x00ff000102'::bytea),
            ('Zoë 🚀👩‍💻', NULL, ''::bytea),
            ('NULL', 'Berlin', NULL),
            (E'tab\there', '東京', '\x0000000000'::bytea);
        INSERT INTO public.customers (name, city, avatar)
            SELECT 'customer ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE '城市' || g END, decode(lpad(to_hex(g), 8, '0'), 'hex')
            FROM generate_series(1, 200) g;
        INSERT INTO billing.invoices (customer_id, amount, note)
            SELECT 1 + g % 204, (g * 13.37)::numeric(12, 2), CASE WHEN g % 5 = 0 THEN NULL ELSE '备注 ' || g || ' ✓' END
            FROM generate_series(1, 500) g;
        UPDATE billing.invoices SET amount = amount + 1 WHERE id % 50 = 0;
        INSERT INTO billing.events SELECT g, date '2024-01-01' + g, 'event ' || g || ' 🎉' FROM generate_series(0, 899) g;
        SELECT setval('billing.invoice_number', 9001);
        SELECT nextval('billing.invoice_number');
        INSERT INTO public.documents VALUES
            (1, 'zeros', lo_from_bytea(0, '\x000102030000ff'::bytea)),
            (2, '文档 📄', lo_from_bytea(0, convert_to('正文 with emoji 📄 and more', 'UTF8'))),
            (3, 'no body', NULL);
        """;

    public static async Task<string> CreateAsync(PostgresServer server, string name)
    {
        var connectionString = await server.CreateDatabaseAsync(name);
        await PostgresTestClient.ExecuteAsync(connectionString, Schema);
        return connectionString;
    }

    /// <summary>
    /// <c>pg_dump --schema-only</c> of the database. Only the <c>\restrict</c>/<c>\unrestrict</c> lines are dropped: PostgreSQL
    /// 15.14+ writes a fresh random key into them on every run. Everything else must match exactly.
    /// </summary>
    public static async Task<string> SchemaDumpAsync(PostgresServer server, string database)
    {
        var dump = await server.RunToolAsync("pg_dump", database, null, "--schema-only", "--no-password", database);
        var lines = dump.Split('\n')
            .Where(line => !line.StartsWith("\\restrict ", StringComparison.Ordinal) && !line.StartsWith("\\unrestrict ", StringComparison.Ordinal));
        return string.Join('\n', lines);
    }

    /// <summary>Rows of every ordinary table, partition and partitioned parent (ONLY: a parent counts none of its partitions' rows).</summary>
    public static Task<List<string>> RowCountsAsync(string connectionString) => LinesAsync(connectionString, """
        SELECT n.nspname || '.' || c.relname || '=' ||
               (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM ONLY %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
        ORDER BY 1
        """);

    /// <summary>An md5 of every row's text form per table: bytea bytes, NULLs, Chinese and emoji all count.</summary>
    public static Task<List<string>> ContentFingerprintsAsync(string connectionString) => LinesAsync(connectionString, """
        SELECT n.nspname || '.' || c.relname || '=' ||
               (xpath('/row/h/text()', query_to_xml(format('SELECT md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) AS h FROM ONLY %I.%I t', n.nspname, c.relname), false, true, '')))[1]::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
        ORDER BY 1
        """);

    /// <summary>Every sequence's last_value (empty when nextval was never called).</summary>
    public static Task<List<string>> SequenceValuesAsync(string connectionString) => LinesAsync(connectionString,
        "SELECT schemaname || '.' || sequencename || '=' || coalesce(last_value::text, '') FROM pg_sequences ORDER BY 1");

    /// <summary>Every large object as oid:md5 of its bytes.</summary>
    public static Task<List<string>> LargeObjectsAsync(string connectionString) => LinesAsync(connectionString,
        "SELECT oid::text || ':' || md5(lo_get(oid)) FROM pg_largeobject_metadata ORDER BY oid");

    public static Task<List<string>> CustomerNamesAsync(string connectionString) => LinesAsync(connectionString,
        "SELECT name || '|' || coalesce(city, '<null>') || '|' || coalesce(encode(avatar, 'hex'), '<null>') FROM public.customers WHERE id <= 4 ORDER BY id");

    private static Task<List<string>> LinesAsync(string connectionString, string sql) => PostgresTestClient.LinesAsync(connectionString, sql);
}
