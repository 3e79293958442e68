using OpsModule.Core.Storage;
using OpsModule.Core.Storage.S3;

namespace OpsModule.Tests.Storage;

public sealed class S3PartSizingTests
{
    private const int Mib = 1024 * 1024;

    [Fact]
    public void Parts_keep_the_base_size_then_double_every_thousand_so_10000_parts_hold_terabytes()
    {
        Assert.Equal(8 * Mib, S3PartSizing.PartSize(1, 8 * Mib));
        Assert.Equal(8 * Mib, S3PartSizing.PartSize(1000, 8 * Mib));
        Assert.Equal(16 * Mib, S3PartSizing.PartSize(1001, 8 * Mib));
        Assert.Equal(32 * Mib, S3PartSizing.PartSize(2001, 8 * Mib));

        var capacity = Enumerable.Range(1, S3PartSizing.MaxParts).Sum(n => (long)S3PartSizing.PartSize(n, 8 * Mib));
        Assert.True(capacity > 5L * 1024 * 1024 * 1024 * 1024, $"10000 parts hold only {capacity} bytes");
        Assert.All(Enumerable.Range(1, S3PartSizing.MaxParts), n => Assert.InRange(S3PartSizing.PartSize(n, 8 * Mib), 5 * Mib, int.MaxValue));
    }

    [Fact]
    public void A_part_size_below_the_s3_minimum_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => S3PartSizing.Validate(5 * Mib - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new S3BackupStore("s3://bucket/x", new S3StoreOptions { PartSize = Mib }));
    }
}
