using System;
using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Tests;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The contract of generated [ConvTranspose2D] kernels: 1 and 2 threads give bit-identical results (plain and packed
/// forward, both backward passes), wrong span lengths throw <see cref="ArgumentException"/> naming the parameter and
/// leave the outputs untouched, an empty batch is a no-op (backward-weights writes zeros), and the backward kernels are
/// the derivatives of the forward kernel (finite differences of L = Σ dY·Y).
/// </summary>
[Collection(nameof(ThreadSettingsCollection))]
public sealed class TransposedContractTests : GuardedKernelTests
{
    private const float Untouched = 42f;

    private static float[] Filled(int count) => Enumerable.Repeat(Untouched, count).ToArray();

    private static void AssertUntouched(float[] data) => Assert.All(data, v => Assert.Equal(Untouched, v));

    /// <summary>Runs <paramref name="run"/> once with 1 thread and five times with 2; every result must be identical bit for bit.</summary>
    private static void AssertThreadIndependent(string what, Func<float[][]> run)
    {
        using (ThreadSettings.Saved())
        {
            ConvThreads.MaxThreads = 1;
            float[][] single = run();
            ConvThreads.MaxThreads = 2;
            for (int repeat = 0; repeat < 5; repeat++)
            {
                float[][] parallel = run();
                for (int t = 0; t < single.Length; t++)
                {
                    string? failure = TransposedChecks.FirstDifference($"{what} (tensor {t}, 2 threads)", parallel[t], single[t], "1 thread");
                    Assert.True(failure is null, failure);
                }
            }
        }
    }

    /// <summary>Layers over the 0.4 MFLOP threshold, which the generated kernels split across the worker pool.</summary>
    [Theory]
    [InlineData("Dcgan32To16At16")]
    [InlineData("Dcgan16To8At32")]
    [InlineData("Dcgan64To32At8")]
    [InlineData("DirectK4Stride2")]
    [InlineData("Wide24To20Odd")]
    public void OneAndTwoThreadsGiveBitIdenticalForwardResults(string name)
    {
        TransposedCase layer = TransposedCatalog.FindForward(name);
        var s = layer.Shape;
        var random = new Random(21);
        const int batch = 3;
        float[] x = ForwardChecks.RandomData(batch * s.InputImage, random), w = ForwardChecks.RandomData(s.WeightCount, random);
        float[] b = layer.HasBias ? ForwardChecks.RandomData(s.OutChannels, random) : Array.Empty<float>();
        PackedWeights packed = layer.Pack(w);
        AssertThreadIndependent(name, () =>
        {
            float[] plain = new float[batch * s.OutputImage], viaPacked = new float[plain.Length];
            layer.Run(x, w, b, plain);
            layer.RunPacked(x, packed, b, viaPacked);
            return new[] { plain, viaPacked };
        });
    }

    [Theory]
    [InlineData("Dcgan64To32At8")]
    [InlineData("Wide24To20Odd")]
    public void OneAndTwoThreadsGiveBitIdenticalGradients(string name)
    {
        TransposedBackwardCase layer = TransposedCatalog.FindBackward(name);
        var s = layer.Shape;
        var random = new Random(22);
        const int batch = 3;
        float[] x = ForwardChecks.RandomData(batch * s.InputImage, random), w = ForwardChecks.RandomData(s.WeightCount, random);
        float[] dy = ForwardChecks.RandomData(batch * s.OutputImage, random);
        AssertThreadIndependent(name, () =>
        {
            float[] dx = new float[x.Length], dw = new float[w.Length], db = new float[layer.HasBias ? s.OutChannels : 0];
            layer.Data(dy, w, dx);
            layer.Weights(x, dy, dw, db);
            return new[] { dx, dw, db };
        });
    }

    /// <summary>Forward layers without activation and their backward twins (same name, same shape).</summary>
    [Theory]
    [InlineData("K3Stride2Op1")]
    [InlineData("NonSquare3x5Stride2x1")]
    [InlineData("Dilation2Stride2")]
    [InlineData("Groups2")]
    [InlineData("K1Stride2Op1")]
    [InlineData("OnePixelK3")]
    [InlineData("K3Same")]
    public void FiniteDifferencesOfTheForwardKernelMatchTheBackwardKernels(string name)
    {
        TransposedCase forward = TransposedCatalog.FindForward(name);
        TransposedBackwardCase backward = TransposedCatalog.FindBackward(name);
        Assert.Equal(forward.Shape, backward.Shape);
        var s = forward.Shape;
        int batch = backward.Batch;
        var random = new Random(23);
        float[] x = ForwardChecks.RandomData(batch * s.InputImage, random);
        float[] w = ForwardChecks.RandomData(s.WeightCount, random);
        float[] b = forward.HasBias ? ForwardChecks.RandomData(s.OutChannels, random) : Array.Empty<float>();
        float[] dy = ForwardChecks.RandomData(batch * s.OutputImage, random);
        float[] y = new float[dy.Length];

        double Loss()
        {
            forward.Run(x, w, b, y);
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sum += (double)y[i] * dy[i];
            }
            return sum;
        }

        // The forward pass is linear in each argument, so a large step has no truncation error.
        const float step = 0.25f;
        double Derivative(float[] values, int index)
        {
            float saved = values[index];
            values[index] = saved + step;
            double plus = Loss();
            values[index] = saved - step;
            double minus = Loss();
            values[index] = saved;
            return (plus - minus) / (2 * step);
        }

        float[] dx = new float[x.Length], dw = new float[w.Length], db = new float[backward.HasBias ? s.OutChannels : 0];
        backward.Data(dy, w, dx);
        backward.Weights(x, dy, dw, db);

        void Check(string what, float[] values, float[] gradient, int samples)
        {
            for (int n = 0; n < Math.Min(samples, values.Length); n++)
            {
                int i = (int)((n * 7919L) % values.Length);
                double expected = Derivative(values, i);
                Assert.True(Math.Abs(gradient[i] - expected) <= 1e-4 * (1 + Math.Abs(expected)),
                    $"{name} d{what}[{i}]: backward kernel {gradient[i]:R}, finite difference of the forward kernel {expected:R}");
            }
        }

        Check("X", x, dx, 40);
        Check("W", w, dw, 40);
        if (forward.HasBias && backward.HasBias)
        {
            Check("bias", b, db, s.OutChannels);
        }
    }

    public static TheoryData<string, int, int, int, int, string, string> ForwardGuardCases()
    {
        // Groups2: 8 → 6 channels, 6×5 → 12×10, weights 8·3·3·3 = 216, bias 6.
        TransposedLayerShape s = TransposedCatalog.FindForward("Groups2").Shape;
        int x = s.InputImage, y = s.OutputImage, w = s.WeightCount, b = s.OutChannels;
        return new()
        {
            { "plain", x + 1, w, b, y, "input", "not a whole number of images" },
            { "plain", 2 * x, w, b, y, "output", $"needs {2 * y}" },
            { "plain", x, w, b, 2 * y, "output", $"needs {y}" },
            { "plain", x, w - 1, b, y, "weights", $"exactly {w}" },
            { "plain", x, w, b + 1, y, "bias", $"exactly {b}" },
            { "plain", 0, w, b, y, "output", "needs 0" },
            { "packed", x + 1, w, b, y, "input", "not a whole number of images" },
            { "packed", 2 * x, w, b, y, "output", $"needs {2 * y}" },
            { "packed", x, w, b - 1, y, "bias", $"exactly {b}" },
        };
    }

    [Theory]
    [MemberData(nameof(ForwardGuardCases))]
    public void ForwardWrongLengthThrowsBeforeTouchingMemory(string overload, int input, int weights, int bias, int output, string parameter, string fragment)
    {
        TransposedCase layer = TransposedCatalog.FindForward("Groups2");
        float[] y = Filled(output);
        PackedWeights packed = layer.Pack(new float[layer.Shape.WeightCount]);
        ArgumentException error = overload == "plain"
            ? Assert.Throws<ArgumentException>(() => layer.Run(new float[input], new float[weights], new float[bias], y))
            : Assert.Throws<ArgumentException>(() => layer.RunPacked(new float[input], packed, new float[bias], y));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(fragment, error.Message);
        AssertUntouched(y);
    }

    [Fact]
    public void BackwardDataWrongLengthThrowsBeforeTouchingMemory()
    {
        TransposedBackwardCase layer = TransposedCatalog.FindBackward("Groups2");
        var s = layer.Shape;
        (int GradOutput, int Weights, int GradInput, string Parameter)[] cases =
        {
            (s.OutputImage + 1, s.WeightCount, s.InputImage, "gradOutput"),
            (2 * s.OutputImage, s.WeightCount, s.InputImage, "gradInput"),
            (s.OutputImage, s.WeightCount, 2 * s.InputImage, "gradInput"),
            (s.OutputImage, s.WeightCount + 1, s.InputImage, "weights"),
        };
        foreach (var c in cases)
        {
            float[] dx = Filled(c.GradInput);
            var error = Assert.Throws<ArgumentException>(() => layer.Data(new float[c.GradOutput], new float[c.Weights], dx));
            Assert.True(c.Parameter == error.ParamName, $"{c}: {error.Message}");
            AssertUntouched(dx);
        }
    }

    [Theory]
    [InlineData("K3Stride2Op1")]   // with gradBias
    [InlineData("Groups2")]        // without
    public void BackwardWeightsWrongLengthThrowsBeforeTouchingMemory(string name)
    {
        TransposedBackwardCase layer = TransposedCatalog.FindBackward(name);
        var s = layer.Shape;
        int bias = layer.HasBias ? s.OutChannels : 0;
        var cases = new (int Input, int GradOutput, int GradWeights, int GradBias, string Parameter)[]
        {
            (s.InputImage + 1, s.OutputImage, s.WeightCount, bias, "input"),
            (s.InputImage, 2 * s.OutputImage, s.WeightCount, bias, "gradOutput"),
            (2 * s.InputImage, s.OutputImage, s.WeightCount, bias, "gradOutput"),
            (s.InputImage, s.OutputImage, s.WeightCount - 1, bias, "gradWeights"),
        }.ToList();
        if (layer.HasBias)
        {
            cases.Add((s.InputImage, s.OutputImage, s.WeightCount, bias + 1, "gradBias"));
            cases.Add((s.InputImage, s.OutputImage, s.WeightCount, 0, "gradBias"));
        }
        foreach (var c in cases)
        {
            float[] dw = Filled(c.GradWeights), db = Filled(c.GradBias);
            var error = Assert.Throws<ArgumentException>(() => layer.Weights(new float[c.Input], new float[c.GradOutput], dw, db));
            Assert.True(c.Parameter == error.ParamName, $"{c}: {error.ParamName}: {error.Message}");
            AssertUntouched(dw);
            AssertUntouched(db);
        }
    }

    [Fact]
    public void EmptyBatchIsANoOpAndBackwardWeightsWritesZeros()
    {
        foreach (TransposedCase layer in TransposedCatalog.Forward)
        {
            float[] w = new float[layer.Shape.WeightCount], b = new float[layer.HasBias ? layer.Shape.OutChannels : 0];
            layer.Run(ReadOnlySpan<float>.Empty, w, b, Span<float>.Empty);
            layer.RunPacked(ReadOnlySpan<float>.Empty, layer.Pack(w), b, Span<float>.Empty);
        }
        foreach (TransposedBackwardCase layer in TransposedCatalog.Backward)
        {
            var s = layer.Shape;
            layer.Data(ReadOnlySpan<float>.Empty, new float[s.WeightCount], Span<float>.Empty);
            float[] dw = Filled(s.WeightCount), db = Filled(layer.HasBias ? s.OutChannels : 0);
            layer.Weights(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, dw, db);
            Assert.True(dw.All(v => BitConverter.SingleToInt32Bits(v) == 0), $"{layer.Name}: gradWeights not zeroed for an empty batch");
            Assert.True(db.All(v => BitConverter.SingleToInt32Bits(v) == 0), $"{layer.Name}: gradBias not zeroed for an empty batch");
        }
    }
}
