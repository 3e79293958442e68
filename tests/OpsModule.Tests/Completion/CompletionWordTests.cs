using OpsModule.Core.Completion;

namespace OpsModule.Tests.Completion;

public sealed class CompletionWordTests
{
    private static readonly CompletionName[] Names =
    [
        new("ecommerce-k8s", "n"), new("Ceoagent", "n"), new("ceoagent", "n"), new("test", "n"), new("production", "n"), new("test", "again"),
    ];

    private static string[] Complete(string? typed) => CompletionList.Select(Names, CompletionWord.Parse(typed)).Select(c => c.CompletionText).ToArray();

    [Fact]
    public void The_typed_text_is_a_case_insensitive_prefix()
    {
        Assert.Equal(["ecommerce-k8s"], Complete("ECOM"));
        Assert.Equal(["Ceoagent", "ceoagent"], Complete("ceo"));
    }

    [Fact]
    public void Nothing_typed_lists_every_name_once_sorted_ignoring_case()
    {
        Assert.Equal(["Ceoagent", "ceoagent", "ecommerce-k8s", "production", "test"], Complete(null));
        Assert.Equal(Complete(null), Complete(""));
    }

    [Fact]
    public void Star_and_question_mark_are_wildcards()
    {
        Assert.Equal(["ecommerce-k8s"], Complete("*k8s"));
        Assert.Equal(["production"], Complete("*tion"));
        Assert.Equal(["test"], Complete("t?st"));
    }

    [Fact]
    public void Regex_characters_typed_are_literal()
    {
        Assert.Empty(Complete("e.ommerce"));
        Assert.Empty(Complete("(test"));
    }

    [Fact]
    public void A_quote_the_user_opened_is_kept_and_closed()
    {
        Assert.Equal(["'ecommerce-k8s'"], Complete("'ecom"));
        Assert.Equal(["'ecommerce-k8s'"], Complete("'ecom'"));
        Assert.Equal(["\"ecommerce-k8s\""], Complete("\"ecom\""));
    }

    [Theory]
    [InlineData("ecommerce-k8s", "ecommerce-k8s")]
    [InlineData("arn:aws:eks:eu-west-1:123456789012:cluster/prod", "arn:aws:eks:eu-west-1:123456789012:cluster/prod")]
    [InlineData("gke_project_europe-west1_prod", "gke_project_europe-west1_prod")]
    [InlineData("prod eu", "'prod eu'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("a$b", "'a$b'")]
    [InlineData("a,b", "'a,b'")]
    [InlineData("@admin", "'@admin'")]
    [InlineData("-dev", "'-dev'")]
    [InlineData("10gb", "'10gb'")]
    [InlineData("1e5", "'1e5'")]
    public void Names_PowerShell_would_read_differently_are_single_quoted(string name, string expected)
    {
        Assert.Equal(expected, CompletionWord.Parse("").Format(name));
    }

    [Fact]
    public void Inside_double_quotes_dollar_backtick_and_quote_are_escaped()
    {
        Assert.Equal("\"a`$b`\"c\"", CompletionWord.Parse("\"").Format("a$b\"c"));
    }
}
