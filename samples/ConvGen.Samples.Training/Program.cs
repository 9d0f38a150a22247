using System;
using ConvGen.Samples.Training.Benchmarks;

namespace ConvGen.Samples.Training;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bench")
        {
            return BackwardBenchmark.Run(args.Length > 1 ? args[1] : null);
        }
        Console.Error.WriteLine("usage: train [--data DIR] [--epochs N] | bench [filter]");
        return 2;
    }
}
