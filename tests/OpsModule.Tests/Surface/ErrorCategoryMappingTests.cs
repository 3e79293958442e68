using System.Management.Automation;
using OpsModule.Core.Errors;

namespace OpsModule.Tests.Surface;

public sealed class ErrorCategoryMappingTests
{
    [Fact]
    public void Every_Ops_error_category_maps_to_the_PowerShell_category_of_the_same_name()
    {
        foreach (var category in Enum.GetValues<OpsErrorCategory>())
        {
            Assert.True(Enum.TryParse<ErrorCategory>(category.ToString(), out var expected), $"PowerShell has no ErrorCategory.{category}.");
            Assert.Equal(expected, OpsErrorRecords.ToErrorCategory(category));
        }
    }
}
