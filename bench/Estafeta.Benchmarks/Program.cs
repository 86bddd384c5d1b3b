// BenchmarkDotNet micro-benchmarks of Estafeta's hot paths (see bench/README.md):
//   dotnet run -c Release --project bench/Estafeta.Benchmarks -- --filter '*'
// Trusts: nothing; touches only temporary folders it creates. Must never: write outside them.
using BenchmarkDotNet.Running;
using Estafeta.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(CommandParsingBenchmarks).Assembly).Run(args);
