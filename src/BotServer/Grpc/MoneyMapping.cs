using ChatCommerce.BotServer.Errors;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Grpc;

/// <summary>google.type.Money-shaped <see cref="Money"/> to and from decimal amounts.</summary>
public static class MoneyMapping
{
    private const decimal NanosPerUnit = 1_000_000_000m;

    public static Money ToMoney(decimal amount, string currency)
    {
        var units = decimal.Truncate(amount);
        return new Money { CurrencyCode = currency, Units = (long)units, Nanos = (int)((amount - units) * NanosPerUnit) };
    }

    public static decimal ToDecimal(Money money, string field)
    {
        var violations = new Violations()
            .When(money.Nanos is <= -1_000_000_000 or >= 1_000_000_000, $"{field}.nanos", "must be between -999,999,999 and 999,999,999")
            .When(money.Units > 0 && money.Nanos < 0 || money.Units < 0 && money.Nanos > 0, $"{field}.nanos", "must have the same sign as units")
            .When(Math.Abs(money.Units) > 1_000_000_000_000L, $"{field}.units", "is out of range");
        violations.ThrowIfAny();
        return money.Units + money.Nanos / NanosPerUnit;
    }

    /// <summary>The bounds of a budget, or nulls; currency is checked against the catalog's (CNY for now).</summary>
    public static (decimal? Min, decimal? Max) ToRange(Budget? budget)
    {
        if (budget is null)
        {
            return (null, null);
        }
        return (budget.Min is null ? null : ToDecimal(budget.Min, "budget.min"),
                budget.Max is null ? null : ToDecimal(budget.Max, "budget.max"));
    }
}
