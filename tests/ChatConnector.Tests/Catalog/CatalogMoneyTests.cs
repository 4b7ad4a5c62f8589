using ChatCommerce.ChatConnector.Catalog;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

public sealed class CatalogMoneyTests
{
    [Theory]
    [InlineData("199.9", 199, 900_000_000)]
    [InlineData("149", 149, 0)]
    [InlineData("0.01", 0, 10_000_000)]
    [InlineData("0.000000001", 0, 1)]
    [InlineData("182.90", 182, 900_000_000)]
    [InlineData("-1.5", -1, -500_000_000)]
    [InlineData("-0.25", 0, -250_000_000)]
    [InlineData("9999999999.999999999", 9_999_999_999, 999_999_999)]
    public void DecimalsBecomeUnitsAndNanosExactly(string text, long units, int nanos)
    {
        Assert.True(CatalogMoney.TryParse(text, out var amount, out _));

        Assert.Equal(new Money { CurrencyCode = "CNY", Units = units, Nanos = nanos }, CatalogMoney.ToMoney(amount, "CNY"));
    }

    [Theory]
    [InlineData("19,9")]
    [InlineData("1,299.00")]
    [InlineData("1e3")]
    [InlineData("¥199")]
    [InlineData("")]
    [InlineData("0.0000000001")]
    [InlineData("99999999999999999999.5")]
    public void AmountsThatMoneyCannotHoldExactlyOrThatAreNotPlainDecimalsAreRefused(string text)
    {
        Assert.False(CatalogMoney.TryParse(text, out _, out var problem));
        Assert.Contains($"'{text}'", problem);
    }

    [Fact]
    public void ConvertingAnAmountWithTooManyDecimalPlacesThrowsRatherThanRounds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CatalogMoney.ToMoney(0.0000000001m, "CNY"));
    }
}
