using ChatCommerce.BotServer.Rules;

namespace ChatCommerce.BotServer.Tests.Rules;

public sealed class RuleTemplateTests
{
    [Fact]
    public void KnownPlaceholdersAreFilledAndDoubledBracesStayLiteral()
    {
        var text = RuleTemplate.Render("{sender}，{product.title} 只要 {product.price} {{包邮}}", name => name switch
        {
            "sender" => "小明",
            "product.title" => "蓝牙耳机",
            "product.price" => "¥199",
            _ => null,
        });

        Assert.Equal("小明，蓝牙耳机 只要 ¥199 {包邮}", text);
    }

    [Fact]
    public void APlaceholderWithoutAValueHereBecomesADash() =>
        Assert.Equal("还剩 — 个名额", RuleTemplate.Render("还剩 {group_buy.seats_left} 个名额", _ => null));

    [Fact]
    public void AnUnknownPlaceholderIsAProblemNamingIt() =>
        Assert.Contains("{product.colour}", Assert.Single(RuleTemplate.Problems("颜色是 {product.colour}")));

    [Theory]
    [InlineData("满99包邮 {sender")]
    [InlineData("满99包邮 }")]
    public void AStrayBraceIsAProblem(string template) => Assert.Single(RuleTemplate.Problems(template));

    [Fact]
    public void EveryDocumentedPlaceholderIsAccepted() =>
        Assert.Empty(RuleTemplate.Problems(string.Join(" ", RuleTemplate.Placeholders.Keys.Select(k => "{" + k + "}"))));
}
