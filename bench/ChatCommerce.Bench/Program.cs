using ChatCommerce.Bench;
using ChatCommerce.Bench.Memory;
using ChatCommerce.Bench.Parsing;
using ChatCommerce.Bench.Relay;
using ChatCommerce.Bench.Search;
using ChatCommerce.Bench.Throughput;

ISuite[] suites =
[
    new SearchSuite(),
    new ParseSuite(),
    new RelaySuite(),
    new ThroughputSuite(),
    new MemorySuite(),
    new SoakSuite(),
];

return BenchCommand.Create(suites).Parse(args).Invoke();
