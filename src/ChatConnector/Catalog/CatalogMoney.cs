using System.Globalization;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.ChatConnector.Catalog;

/// <summary>Decimal amounts as the contract's <see cref="Money"/> (units and nanos), without rounding.</summary>
public static class CatalogMoney
{
    private const decimal NanosPerUnit = 1_000_000_000m;

    /// <summary>Whether <paramref name="amount"/> fits <see cref="Money"/> exactly: at most 9 decimal places, whole units within a long.</summary>
    public static bool IsExact(decimal amount) =>
        decimal.Round(amount, 9) == amount && decimal.Truncate(amount) is >= long.MinValue and <= long.MaxValue;

    /// <summary>199.9 → units 199, nanos 900000000; −1.5 → units −1, nanos −500000000 (same sign, as Money requires).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not <see cref="IsExact"/>.</exception>
    public static Money ToMoney(decimal amount, string currencyCode)
    {
        if (!IsExact(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Money holds at most 9 decimal places and units within a 64-bit integer.");
        }
        var units = decimal.Truncate(amount);
        return new Money { CurrencyCode = currencyCode, Units = (long)units, Nanos = (int)((amount - units) * NanosPerUnit) };
    }

    /// <summary>Reads an amount written with a dot and no thousands separators, e.g. 199.9 or -5.</summary>
    /// <param name="problem">Why it cannot be read, e.g. "'19,9' is not a decimal number such as 199.9".</param>
    public static bool TryParse(string text, out decimal amount, out string? problem)
    {
        problem = null;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                CultureInfo.InvariantCulture, out amount))
        {
            problem = $"'{text}' is not a decimal number such as 199.9";
            return false;
        }
        if (!IsExact(amount))
        {
            problem = $"'{text}' has more than 9 decimal places or is too large";
            return false;
        }
        return true;
    }
}
