using ChatCommerce.Bench;
using ChatCommerce.Bench.Parsing;
using ChatCommerce.Bench.Relay;
using ChatCommerce.Bench.Search;

ISuite[] suites =
[
    new SearchSuite(),
    new ParseSuite(),
    new RelaySuite(),
];

return BenchCommand.Create(suites).Parse(args).Invoke();
