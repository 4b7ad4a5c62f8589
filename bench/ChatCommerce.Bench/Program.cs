using ChatCommerce.Bench;
using ChatCommerce.Bench.Parsing;
using ChatCommerce.Bench.Search;

ISuite[] suites =
[
    new SearchSuite(),
    new ParseSuite(),
];

return BenchCommand.Create(suites).Parse(args).Invoke();
