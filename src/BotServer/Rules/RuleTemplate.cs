using System.Text;

namespace ChatCommerce.BotServer.Rules;

/// <summary>
/// A reply template: text with <c>{placeholder}</c>s from <see cref="Placeholders"/>; <c>{{</c> and
/// <c>}}</c> are literal braces. Checked when a rule is saved, so rendering never fails.
/// </summary>
public static class RuleTemplate
{
    /// <summary>Every placeholder a template may use, and what it means.</summary>
    public static readonly IReadOnlyDictionary<string, string> Placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sender"] = "the display name of who wrote the message",
        ["merchant.name"] = "the merchant's display name",
        ["product.id"] = "the product the message is about (named, \"第2个\", or the first of the last list)",
        ["product.title"] = "its title in the message's language",
        ["product.price"] = "its price, e.g. ¥199",
        ["product.group_price"] = "its best group price, e.g. ¥159",
        ["group_buy.id"] = "the group's newest open group buy",
        ["group_buy.product"] = "its product's title",
        ["group_buy.price"] = "its group price",
        ["group_buy.seats_left"] = "seats still free",
        ["group_buy.expires_in"] = "time left, e.g. 3小时12分 / 3h 12m",
    };

    /// <summary>The problems with a template: unknown placeholders, unclosed or stray braces. Empty when it is fine.</summary>
    public static IReadOnlyList<string> Problems(string template)
    {
        var problems = new List<string>();
        Walk(template, name =>
        {
            if (!Placeholders.ContainsKey(name))
            {
                problems.Add($"unknown placeholder {{{name}}} (known: {string.Join(", ", Placeholders.Keys.Select(k => "{" + k + "}"))})");
            }
            return "";
        }, problems);
        return problems;
    }

    /// <summary>Fills the placeholders; one without a value here (no product in view) becomes "—".</summary>
    public static string Render(string template, Func<string, string?> value) => Walk(template, name => value(name) ?? "—", problems: null);

    private static string Walk(string template, Func<string, string> placeholder, List<string>? problems)
    {
        var text = new StringBuilder(template.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                text.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                if (end < 0)
                {
                    problems?.Add($"'{{' at {i} is never closed (write {{{{ for a literal brace)");
                    text.Append(template, i, template.Length - i);
                    break;
                }
                text.Append(placeholder(template[(i + 1)..end].Trim()));
                i = end;
            }
            else if (c == '}')
            {
                problems?.Add($"'}}' at {i} closes nothing (write }}}} for a literal brace)");
                text.Append(c);
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
