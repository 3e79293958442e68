using OpsModule.Core.Errors;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Tests.Storage;

public sealed class BackupLocationSplitTests
{
    [Theory]
    [InlineData("s3://ops-backups/prod/aks-prod/ceoagent/ceoagent/20261121T020000Z-a1b2c3d4", "s3://ops-backups/prod", "aks-prod/ceoagent/ceoagent/20261121T020000Z-a1b2c3d4")]
    [InlineData("/var/backups/aks-prod/ceoagent/ceoagent/20261121T020000Z-a1b2c3d4/", "/var/backups", "aks-prod/ceoagent/ceoagent/20261121T020000Z-a1b2c3d4")]
    [InlineData(@"D:\Backups\aks-prod\test\_config\20261121T020000Z-ff00", @"D:\Backups", "aks-prod/test/_config/20261121T020000Z-ff00")]
    public void A_backup_location_splits_into_store_and_folder(string location, string store, string folder)
    {
        Assert.Equal((store, folder), BackupLayout.SplitLocation(location));
    }

    [Theory]
    [InlineData("D:\\Backups")]
    [InlineData("s3://ops-backups/prod/aks-prod/ceoagent/ceoagent/not-a-backup")]
    [InlineData("ctx/ns/db/20261121T020000Z-a1b2")]
    public void Anything_else_is_refused_with_the_expected_shape(string location)
    {
        var error = Assert.Throws<OpsException>(() => BackupLayout.SplitLocation(location));
        Assert.Contains("<store>/<context>/<namespace>/<database>/", error.RecommendedAction);
    }
}
