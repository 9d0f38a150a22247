using System;
using System.Collections.Generic;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Tests;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// A Winograd layer of one tile block, called on a single image with weights it has not seen, transforms the filters
/// inside its GEMM phase, one row block at a time per GEMM slice. A batch of two (or a repeat of the same weights)
/// transforms all of U first. Both must give the same bits, with 1 thread and with several (each slice then
/// transforms its own row blocks into its own buffer). The layers here emit the row-block path for Vector256, and
/// WinogradF4OneTile and WinogradF2FewChannels for Vector128 too; <see cref="IsaPathTests"/> runs them all again on
/// the Vector128 and scalar paths (<see cref="RunAll"/>).
/// </summary>
public sealed class RowBlockTransformTests : GuardedKernelTests
{
    private static readonly string[] s_forward = { "WinogradF4OneTile", "WinogradF2FewChannels", "WinogradF4OddBiasRelu", "WinogradF6LowPrecision", "WinogradByAuto", "WinogradLargeWeights" };
    private static readonly string[] s_backward = { "Dense256At7", "Winograd14" };

    public static TheoryData<string> ForwardLayers() => new(s_forward);

    public static TheoryData<string> BackwardLayers() => new(s_backward);

    /// <summary>Every case, for the ISA-restricted child process (<see cref="Program"/>).</summary>
    internal static void RunAll(List<string> failures, ref int passed)
    {
        foreach ((string[] names, Action<string> check) in new (string[], Action<string>)[] { (s_forward, CheckForward), (s_backward, CheckBackwardData) })
        {
            foreach (string name in names)
            {
                try
                {
                    check(name);
                    passed++;
                }
                catch (Exception e)
                {
                    failures.Add($"row-block transform, {name}: {e.Message}");
                }
            }
        }
    }

    /// <summary>Runs <paramref name="run"/>(image or images, weights, result) for one image and for the same image first in a batch of two.</summary>
    private static void CheckSingleImage(string name, int inputImage, int weightCount, int outputImage, Action<float[], float[], float[]> run)
    {
        var random = new Random(name.Length * 17 + 5);
        float[] pair = ForwardChecks.RandomData(2 * inputImage, random);
        float[] single = pair.AsSpan(0, inputImage).ToArray();
        using (ThreadSettings.Saved())
        {
            foreach (int threads in new[] { 1, Math.Max(2, Environment.ProcessorCount) })
            {
                ConvThreads.MaxThreads = threads;
                for (int trial = 0; trial < 2; trial++)
                {
                    // Fresh weights: the single-image call misses the transform cache and takes the row-block path.
                    float[] weights = ForwardChecks.RandomData(weightCount, random);
                    float[] one = new float[outputImage], two = new float[2 * outputImage];
                    run(single, weights, one);
                    run(pair, weights, two);
                    Assert.True(one.AsSpan().SequenceEqual(two.AsSpan(0, outputImage)),
                        $"{name}, {threads} thread(s), trial {trial}: the single image differs from the same image in a batch of two");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ForwardLayers))]
    public void ForwardSingleImageMatchesTheBatch(string name) => CheckForward(name);

    private static void CheckForward(string name)
    {
        LayerCase layer = LayerCatalog.Find(name);
        var s = layer.Shape;
        float[] bias = ForwardChecks.RandomData(s.OutChannels, new Random(1));
        CheckSingleImage(name, s.InputImage, s.WeightCount, s.OutputImage, (x, w, y) => layer.Run(x, w, bias, y));
    }

    [Theory]
    [MemberData(nameof(BackwardLayers))]
    public void BackwardDataSingleImageMatchesTheBatch(string name) => CheckBackwardData(name);

    private static void CheckBackwardData(string name)
    {
        BackwardLayerCase layer = BackwardCatalog.Find(name);
        var s = layer.Shape;
        CheckSingleImage(name, s.OutputImage, s.WeightCount, s.InputImage, (dy, w, dx) => layer.Data(dy, w, dx));
    }
}
