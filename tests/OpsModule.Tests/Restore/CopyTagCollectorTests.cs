using System.Text;
using OpsModule.Core.Restore;

namespace OpsModule.Tests.Restore;

/// <summary>psql's stdout during a Plain restore: only whole "COPY n" command-tag lines are the loaded row counts.</summary>
public sealed class CopyTagCollectorTests
{
    [Fact]
    public async Task Only_COPY_tag_lines_count_in_order_and_other_output_is_ignored()
    {
        const string output = "SET\nSET\n set_config \n------------\n \n(1 row)\n\nCREATE TABLE\nALTER TABLE\nCOPY 100000\nCOPY 0\r\n"
            + " setval \n--------\n COPY 7\n(1 row)\n\nCOPY 12 extra\nCOPYRIGHT\nCOPY 3";
        var collector = new CopyTagCollector(new MemoryStream(Encoding.UTF8.GetBytes(output + "\n")));

        Assert.Equal([100_000L, 0L, 3L], await collector.CountsAsync());
    }
}
