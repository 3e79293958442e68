using System.Buffers;
using System.Text;
using OpsModule.Core.Restore;

namespace OpsModule.Tests.Restore;

/// <summary>What the Plain-dump filter leaves out for -NoOwner / -NoPrivileges, and that it never touches COPY data, however the stream is chunked.</summary>
public sealed class PlainDumpFilterTests
{
    private const string Dump = """"
        --
        -- Name: notes; Type: TABLE; Schema: app; Owner: alice
        --

        CREATE TABLE app.notes (
            id integer NOT NULL,
            body text
        );


        ALTER TABLE app.notes OWNER TO alice;

        --
        -- Data for Name: notes; Type: TABLE DATA; Schema: app; Owner: alice
        --

        COPY app.notes (id, body) FROM stdin;

        ALTER TABLE app.notes OWNER TO alice;
        GRANT ALL ON TABLE app.notes TO bob;
        \.


        --
        -- Name: TABLE notes; Type: ACL; Schema: app; Owner: alice
        --

        GRANT SELECT ON TABLE app.notes TO bob;


        --
        -- Name: "Odd ""name"""; Type: TABLE; Schema: public; Owner: alice
        --

        COPY public."Odd ""name""" (x) FROM stdin;
        1
        \.

        """";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public void NoOwner_drops_only_the_owner_statement_and_NoPrivileges_only_the_ACL_grant(int chunkSize)
    {
        var (output, filter) = Run(Dump, chunkSize, dropOwnership: true, dropPrivileges: true);

        var expected = Dump
            .Replace("\n\nALTER TABLE app.notes OWNER TO alice;\n\n--", "\n\n\n--", StringComparison.Ordinal)
            .Replace("--\n\nGRANT SELECT ON TABLE app.notes TO bob;\n", "--\n\n", StringComparison.Ordinal);
        Assert.Equal(expected, output);
        Assert.Contains("\nALTER TABLE app.notes OWNER TO alice;\nGRANT ALL ON TABLE app.notes TO bob;\n\\.", output, StringComparison.Ordinal);
        Assert.Equal(2, filter.DroppedStatements);
        Assert.Equal([("app", "notes"), ("public", "Odd \"name\"")], filter.CopyTables);
    }

    [Fact]
    public void Without_the_options_the_stream_passes_unchanged()
    {
        var (output, filter) = Run(Dump, 13, dropOwnership: false, dropPrivileges: false);

        Assert.True(filter.PassesThrough);
        Assert.Equal(Dump, output);
        Assert.Equal(0, filter.DroppedStatements);
        Assert.Equal(2, filter.CopyTables.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(100_000)]
    public void Observing_only_finds_every_COPY_block_in_order_however_the_stream_is_chunked(int chunkSize)
    {
        var filter = new PlainDumpFilter();
        var input = Encoding.UTF8.GetBytes(Dump.ReplaceLineEndings("\n") + "COPY s.t (a) FROM stdin;\n\\.\n");
        for (var i = 0; i < input.Length; i += chunkSize)
        {
            filter.Transform(input.AsSpan(i, Math.Min(chunkSize, input.Length - i)), null);
        }

        Assert.Equal([("app", "notes"), ("public", "Odd \"name\""), ("s", "t")], filter.CopyTables);
    }

    [Fact]
    public void A_filter_that_drops_statements_refuses_to_only_observe() =>
        Assert.Throws<ArgumentNullException>(() => new PlainDumpFilter { DropOwnership = true }.Transform("x\n"u8, null));

    private static (string Output, PlainDumpFilter Filter) Run(string dump, int chunkSize, bool dropOwnership, bool dropPrivileges)
    {
        var filter = new PlainDumpFilter { DropOwnership = dropOwnership, DropPrivileges = dropPrivileges };
        var input = Encoding.UTF8.GetBytes(dump.ReplaceLineEndings("\n"));
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < input.Length; i += chunkSize)
        {
            filter.Transform(input.AsSpan(i, Math.Min(chunkSize, input.Length - i)), output);
        }

        filter.Flush(output);
        return (Encoding.UTF8.GetString(output.WrittenSpan), filter);
    }
}
