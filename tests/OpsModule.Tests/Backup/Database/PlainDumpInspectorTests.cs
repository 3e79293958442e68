using System.Text;
using OpsModule.Core.Backup.Database;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Tests.Backup.Database;

public sealed class PlainDumpInspectorTests
{
    private const string Dump = """"
        --
        -- PostgreSQL database dump
        --

        -- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
        -- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

        COPY app."Order ""Items""" (id, qty) FROM stdin;
        1	2
        2	\N
        \.

        COPY public.users (id, name) FROM stdin;
        1	a\nb\\c 日本語
        2	\\.
        3	x\.y
        \.

        COPY public.empty (id) FROM stdin;
        \.

        --
        -- PostgreSQL database dump complete
        --

        """";

    private static readonly BackupTableRowCount[] Expected =
    [
        new("app", "Order \"Items\"", 2),
        new("public", "users", 3),
        new("public", "empty", 0),
    ];

    [Fact]
    public void Counts_rows_of_every_copy_block_and_reads_the_header_wherever_the_chunks_split()
    {
        var bytes = Encoding.UTF8.GetBytes(Dump.Replace("\r\n", "\n", StringComparison.Ordinal));
        foreach (var chunkSize in new[] { 1, 2, 3, 5, 7, 64, bytes.Length })
        {
            var inspector = new PlainDumpInspector();
            for (var offset = 0; offset < bytes.Length; offset += chunkSize)
            {
                inspector.Observe(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)));
            }

            Assert.Equal(Expected, inspector.Tables);
            Assert.Equal("15.18", inspector.ServerVersion);
            Assert.Equal("15.18", inspector.PgDumpVersion);
            Assert.True(inspector.SawCompleteMarker);
            Assert.False(inspector.InsideCopy);
        }
    }

    [Fact]
    public void A_dump_cut_inside_a_copy_block_is_seen_as_truncated()
    {
        var text = Dump.Replace("\r\n", "\n", StringComparison.Ordinal);
        var inspector = new PlainDumpInspector();
        inspector.Observe(Encoding.UTF8.GetBytes(text[..text.IndexOf("2\t\\\\.", StringComparison.Ordinal)]));

        Assert.True(inspector.InsideCopy);
        Assert.False(inspector.SawCompleteMarker);
        Assert.Single(inspector.Tables);
    }
}
