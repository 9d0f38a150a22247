using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Tests;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// What the random-shape tests share: their data, the extra seeds of a local campaign, and the declarations and runs
/// of their passes. Every pass runs on one thread and on all of them and must give the same bits; the classes share
/// one test collection, named after this class, since that changes the process-wide thread cap.
/// </summary>
internal static class RandomShapes
{
    /// <summary>
    /// The seeds <c>CONVGEN_FUZZ_SEEDS</c> names, as <c>a-b</c> or <c>a,b,c</c>; none when it is unset or blank, which is
    /// how CI runs (each test class then checks only its fixed seeds).
    /// </summary>
    public static IEnumerable<int> CampaignSeeds()
    {
        string? spec = Environment.GetEnvironmentVariable("CONVGEN_FUZZ_SEEDS");
        if (string.IsNullOrWhiteSpace(spec))
        {
            return Array.Empty<int>();
        }
        string[] range = spec.Split('-');
        if (range.Length == 2)
        {
            int first = int.Parse(range[0]), last = int.Parse(range[1]);
            return Enumerable.Range(first, last - first + 1);
        }
        return spec.Split(',').Select(int.Parse);
    }

    /// <summary>Checks each of the <see cref="CampaignSeeds"/> with <paramref name="check"/>.</summary>
    public static void CheckCampaignSeeds(Action<int> check)
    {
        foreach (int seed in CampaignSeeds())
        {
            check(seed);
        }
    }

    /// <summary>
    /// Declares <paramref name="count"/> layers in one <c>Demo.Layers</c> class (<paramref name="declare"/> appends layer
    /// i's attributes and methods), runs the generator, asserts there are no errors, and loads the compiled assembly.
    /// </summary>
    public static InMemoryRunner CompileLayers(int count, Action<StringBuilder, int> declare, out GeneratorTestResult result)
    {
        var source = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            declare(source, i);
        }
        result = TestSources.Run(TestSources.Layers(source.ToString()));
        result.AssertNoErrors();
        return InMemoryRunner.EmitAndLoad(result);
    }

    /// <summary><paramref name="count"/> floats uniform in [−1, 1).</summary>
    public static float[] Uniform(int count, Random random)
    {
        var data = new float[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return data;
    }

    /// <summary>
    /// The activation of layer <paramref name="i"/>'s forward pass under <paramref name="seed"/>: each of the ten in
    /// turn, starting from the seed's, so that classes with fewer than ten layers a seed still reach every activation
    /// over the seeds (seeds 1 and 2 between them reach all ten in each class).
    /// </summary>
    public static Activation ForwardActivation(int i, int seed) => (Activation)((i + seed) % 10);

    /// <summary>The leaky ReLU's slope for layer <paramref name="i"/> under <paramref name="seed"/> (the others ignore it): 0.01, 0.1, 0.2 or 0.3 by seed.</summary>
    public static float ForwardNegativeSlope(int i, int seed) => new[] { 0.01f, 0.1f, 0.2f, 0.3f }[((i + seed) / 10 + seed) % 4];

    /// <summary>Whether layer <paramref name="i"/>'s forward pass takes a bias: every other one does.</summary>
    public static bool ForwardHasBias(int i) => i % 2 == 0;

    /// <summary>
    /// Declares layer <paramref name="i"/>'s three passes, <c>Forward{i}</c> (with <see cref="ForwardActivation"/> and,
    /// where <see cref="ForwardHasBias"/>, a bias), <c>Data{i}</c> and <c>Weights{i}</c> (with a bias gradient), from
    /// <paramref name="attribute"/>, which gives a pass's attribute.
    /// </summary>
    public static void DeclarePasses(StringBuilder source, int i, int seed, Func<string, string> attribute)
    {
        Activation activation = ForwardActivation(i, seed);
        string slope = activation == Activation.LeakyRelu ? $", NegativeSlope = {ForwardNegativeSlope(i, seed).ToString("R", CultureInfo.InvariantCulture)}f" : "";
        source.AppendLine(attribute("Forward").Replace(")]", $", Activation = Activation.{activation}{slope})]", StringComparison.Ordinal));
        source.AppendLine(ForwardDeclaration(i, ForwardHasBias(i)));
        DeclareBackwardPasses(source, i, attribute);
    }

    /// <summary>
    /// Declares layer <paramref name="i"/>'s three passes with a plain <c>Forward{i}</c> (no activation, no bias), for
    /// kinds whose reference has neither.
    /// </summary>
    public static void DeclarePlainPasses(StringBuilder source, int i, Func<string, string> attribute)
    {
        source.AppendLine(attribute("Forward"));
        source.AppendLine(ForwardDeclaration(i, bias: false));
        DeclareBackwardPasses(source, i, attribute);
    }

    private static string ForwardDeclaration(int i, bool bias) =>
        $"public static partial void Forward{i}(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, {(bias ? "ReadOnlySpan<float> bias, " : "")}Span<float> output);";

    /// <summary>Declares layer <paramref name="i"/>'s <c>Data{i}</c> and <c>Weights{i}</c> (with a bias gradient).</summary>
    public static void DeclareBackwardPasses(StringBuilder source, int i, Func<string, string> attribute)
    {
        source.AppendLine(attribute("BackwardData"));
        source.AppendLine($"public static partial void Data{i}(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);");
        source.AppendLine(attribute("BackwardWeights"));
        source.AppendLine($"public static partial void Weights{i}(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);");
    }

    /// <summary>
    /// Runs <c>Forward{i}</c> on OIHW <paramref name="weights"/> (and <paramref name="bias"/>, where it takes one), then
    /// on the same weights packed by <c>Forward{i}PackWeights</c>, each on one thread and on all of them; asserts that
    /// the four outputs are bit for bit the same (the packed overload runs the same kernel) and returns the first.
    /// </summary>
    public static float[] RunForward(InMemoryRunner run, int i, float[] input, float[] weights, float[] bias, int outputLength, string name)
    {
        PackedWeights packedWeights = run.CreateDelegate<PackWeightsMethod>("Demo.Layers", $"Forward{i}PackWeights")(weights);
        float[][] outputs = OnOneAndAllThreads($"{name} forward", () =>
        {
            float[] plain = NaNs(outputLength), packed = NaNs(outputLength);
            if (ForwardHasBias(i))
            {
                run.CreateDelegate<ForwardBiasMethod>("Demo.Layers", "Forward" + i)(input, weights, bias, plain);
                run.CreateDelegate<PackedForwardBiasMethod>("Demo.Layers", "Forward" + i)(input, packedWeights, bias, packed);
            }
            else
            {
                run.CreateDelegate<ForwardMethod>("Demo.Layers", "Forward" + i)(input, weights, plain);
                run.CreateDelegate<PackedForwardMethod>("Demo.Layers", "Forward" + i)(input, packedWeights, packed);
            }
            return new[] { plain, packed };
        });
        Assert.True(outputs[1].AsSpan().SequenceEqual(outputs[0]), $"{name} forward: the packed-weights overload differs from the plain one");
        return outputs[0];
    }

    /// <summary>Runs <c>Forward{i}</c> without a bias or packed weights, on one thread and on all of them.</summary>
    public static float[] RunPlainForward(InMemoryRunner run, int i, float[] input, float[] weights, int outputLength, string name) =>
        OnOneAndAllThreads($"{name} forward", () =>
        {
            float[] output = NaNs(outputLength);
            run.CreateDelegate<ForwardMethod>("Demo.Layers", "Forward" + i)(input, weights, output);
            return new[] { output };
        })[0];

    /// <summary>Runs <c>Data{i}</c> on one thread and on all of them: gradInput of <paramref name="inputLength"/> floats.</summary>
    public static float[] RunBackwardData(InMemoryRunner run, int i, float[] gradOutput, float[] weights, int inputLength, string name) =>
        OnOneAndAllThreads($"{name} data", () =>
        {
            float[] gradInput = NaNs(inputLength);
            run.CreateDelegate<DataMethod>("Demo.Layers", "Data" + i)(gradOutput, weights, gradInput);
            return new[] { gradInput };
        })[0];

    /// <summary>Runs <c>Weights{i}</c> on one thread and on all of them: gradWeights and gradBias.</summary>
    public static (float[] Weights, float[] Bias) RunBackwardWeights(InMemoryRunner run, int i, float[] input, float[] gradOutput, int weightLength, int outChannels, string name)
    {
        float[][] gradients = OnOneAndAllThreads($"{name} weights", () =>
        {
            float[] gradWeights = NaNs(weightLength), gradBias = NaNs(outChannels);
            run.CreateDelegate<WeightsMethod>("Demo.Layers", "Weights" + i)(input, gradOutput, gradWeights, gradBias);
            return new[] { gradWeights, gradBias };
        });
        return (gradients[0], gradients[1]);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> (which writes fresh, NaN-filled outputs, so a value a kernel never writes shows) with
    /// <see cref="ConvThreads.MaxThreads"/> at 1 and then at every core, restoring it after, and asserts that the two
    /// runs' outputs are bit for bit the same: every kernel computes each output in one fixed order whatever the thread
    /// count. The random-shape classes share one test collection, so no other test changes the setting meanwhile.
    /// The all-cores run splits every layer above its generated threshold even when the pool's workers have blocked
    /// (<see cref="ConvThreads.WakeMinimumFlops"/> = 0), so the split is exercised whatever the pool's state.
    /// </summary>
    private static float[][] OnOneAndAllThreads(string what, Func<float[][]> pass)
    {
        using (ThreadSettings.Saved())
        {
            ConvThreads.MaxThreads = 1;
            float[][] single = pass();
            ConvThreads.MaxThreads = Environment.ProcessorCount;
            ConvThreads.WakeMinimumFlops = 0;
            float[][] parallel = pass();
            for (int k = 0; k < single.Length; k++)
            {
                Assert.True(parallel[k].AsSpan().SequenceEqual(single[k]), $"{what}: {Environment.ProcessorCount} threads differ from one");
            }
            return single;
        }
    }

    /// <summary><paramref name="count"/> NaNs: the starting contents of every output the tests hand a kernel.</summary>
    private static float[] NaNs(int count)
    {
        var data = new float[count];
        Array.Fill(data, float.NaN);
        return data;
    }

    private delegate void DataMethod(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    private delegate void WeightsMethod(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    private delegate void ForwardMethod(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    private delegate void ForwardBiasMethod(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    private delegate PackedWeights PackWeightsMethod(ReadOnlySpan<float> weights);

    private delegate void PackedForwardMethod(ReadOnlySpan<float> input, PackedWeights weights, Span<float> output);

    private delegate void PackedForwardBiasMethod(ReadOnlySpan<float> input, PackedWeights weights, ReadOnlySpan<float> bias, Span<float> output);
}
