using ChatCommerce.Bench;
using ChatCommerce.Bench.Search;

ISuite[] suites =
[
    new SearchSuite(),
];

return BenchCommand.Create(suites).Parse(args).Invoke();
