using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using ConvGen.Runtime.CompilerServices;
using ConvGen.Tests;
using ConvGen.Tests.Reference;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The activations of <see cref="KernelActivations"/> (the leaky ReLU with a slope of 0.1), every width, against fp64
/// over half a million arguments (a dense sweep of [−100, 100], powers of two from 2^-140 to 2^7 with several
/// mantissas each, random floats): each
/// result within <see cref="ReferenceActivations.RelativeError"/>·|f| + <see cref="ReferenceActivations.AbsoluteError"/>,
/// the constants the kernels' fp64 bounds use. Then the special values.
/// </summary>
public sealed class KernelActivationTests
{
    private readonly ITestOutputHelper _output;

    // The leaky ReLU's slope here: YOLOv3's, and not a power of two, so that its product rounds.
    private const float Slope = 0.1f;

    public KernelActivationTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<Activation, string> Cases()
    {
        var data = new TheoryData<Activation, string>();
        foreach (Activation activation in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Silu, Activation.HardSigmoid, Activation.HardSwish, Activation.LeakyRelu, Activation.Gelu })
        {
            foreach (string width in new[] { "Vector512", "Vector256", "Vector128", "float" })
            {
                data.Add(activation, width);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsWithinTheStatedErrorOfTheFp64Function(Activation activation, string width)
    {
        float[] x = Arguments();
        float[] y = Evaluate(activation, width, x);
        var reference = (ReferenceActivation)(int)activation;
        double relative = ReferenceActivations.RelativeError(reference), absolute = ReferenceActivations.AbsoluteError(reference);
        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = ReferenceActivations.Apply(x[i], reference, Slope);
            double error = Math.Abs(y[i] - exact);
            Assert.True(error <= relative * Math.Abs(exact) + absolute,
                $"{activation} ({width}) of {x[i]:R}: {y[i]:R}, fp64 {exact:R}, error {error:R} > {relative / ReferenceActivations.Unit}·2^-24·|f| + {absolute:R}");
            double units = error / (ReferenceActivations.Unit * Math.Max(Math.Abs(exact), double.Epsilon));
            if (error > absolute && units > worst)
            {
                (worst, worstAt) = (units, x[i]);
            }
        }
        _output.WriteLine($"{activation} ({width}): largest relative error {worst:F2}·2^-24, at {worstAt:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MapsNaNToNaNAndInfinitiesToTheLimits(Activation activation, string width)
    {
        float[] x = new float[16]; // one whole vector of every width
        new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 100f, -100f }.CopyTo(x, 0);
        float[] y = Evaluate(activation, width, x);
        Assert.True(float.IsNaN(y[0]), $"{activation} ({width}) of NaN is {y[0]:R}");
        (float atPlus, float atMinus) = activation switch
        {
            Activation.Sigmoid => (1f, 0f),
            Activation.Tanh => (1f, -1f),
            Activation.Silu => (float.PositiveInfinity, float.NaN), // −∞: checked below
            Activation.HardSigmoid => (1f, 0f),
            Activation.LeakyRelu => (float.PositiveInfinity, float.NegativeInfinity),
            Activation.Gelu => (float.PositiveInfinity, 0f), // the limit, where PyTorch's −∞·Φ(−∞) is NaN
            _ => (float.PositiveInfinity, float.NaN), // hard swish: −∞·0
        };
        Assert.Equal(atPlus, y[1]);
        if (activation == Activation.Sigmoid)
        {
            Assert.InRange(y[2], 0f, 2e-38f); // e^−|x| is clamped at e^−87
        }
        else if (activation == Activation.Silu)
        {
            // −∞·σ(−∞): −∞ from the vector forms (σ clamped above 0), NaN from the scalar one (−∞·0); either is non-finite.
            Assert.False(float.IsFinite(y[2]), $"SiLU ({width}) of −∞ is {y[2]:R}");
        }
        else
        {
            Assert.Equal(atMinus, y[2]);
        }
        Assert.Equal(ReferenceActivations.Apply(0, (ReferenceActivation)(int)activation, Slope), y[3]);
        Assert.True(float.IsFinite(y[5]) && float.IsFinite(y[6]), $"{activation} ({width}) of ±100: {y[5]:R}, {y[6]:R}");
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Silu)]
    [InlineData(Activation.Gelu)]
    public void ApplyCoversEveryElementOnceWithinTheBoundAndTheSameOnAnyThreadCount(Activation activation)
    {
        var reference = (ReferenceActivation)(int)activation;
        var random = new Random(5);
        foreach (int length in new[] { 1, 5, 15, 16, 17, 1000, 1025, 100_003 })
        {
            // The values sit between two guard floats that must stay as they are.
            float[] original = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
            float[] single = new float[length + 2], parallel = new float[length + 2];
            single[0] = single[^1] = parallel[0] = parallel[^1] = float.NaN;
            original.CopyTo(single, 1);
            original.CopyTo(parallel, 1);
            using (ThreadSettings.Saved())
            {
                ConvThreads.MaxThreads = 1;
                KernelActivations.Apply(single.AsSpan(1, length), activation);
                ConvThreads.MaxThreads = Environment.ProcessorCount;
                ConvThreads.WakeMinimumFlops = 0;
                KernelActivations.Apply(parallel.AsSpan(1, length), activation);
            }
            Assert.True(float.IsNaN(single[0]) && float.IsNaN(single[^1]) && float.IsNaN(parallel[0]) && float.IsNaN(parallel[^1]), $"{activation}, {length}: a write outside the span");
            Assert.True(parallel.AsSpan().SequenceEqual(single), $"{activation}, {length}: {Environment.ProcessorCount} threads differ from one");
            for (int i = 0; i < length; i++)
            {
                // Applied exactly once: applying it twice would move every value off f(x).
                double exact = ReferenceActivations.Apply(original[i], reference);
                double bound = ReferenceActivations.RelativeError(reference) * Math.Abs(exact) + ReferenceActivations.AbsoluteError(reference);
                Assert.True(Math.Abs(single[i + 1] - exact) <= bound, $"{activation}, {length}: element {i} of {original[i]:R} is {single[i + 1]:R}, fp64 {exact:R}");
            }
        }
    }

    [Fact]
    public void ApplyGivesTheSameBitsHoweverFinelyItIsSplit()
    {
        // 20 whole blocks of 1024 floats and 3 more, split into 1 to 24 slices as machines with that many cores would
        // split it: every element must take the same vector code. The last three values are ones whose SiLU differs in
        // its last bit between the vector and the float forms, so a slice of the 3 leftovers alone would show.
        float[] original = Enumerable.Range(0, 20 * 1024).Select(i => (float)Math.Sin(i) * 8).Concat(new[] { -0.1875f, -0.25f, -0.4375f }).ToArray();
        Assert.Equal(20, KernelActivations.ApplyBlocks(original.Length));
        float[] whole = (float[])original.Clone();
        KernelActivations.ApplyInSlices(whole, Activation.Silu, 1);
        for (int slices = 2; slices <= 24; slices++)
        {
            float[] split = (float[])original.Clone();
            KernelActivations.ApplyInSlices(split, Activation.Silu, slices);
            Assert.True(split.AsSpan().SequenceEqual(whole), $"{slices} slices differ from one");
        }
    }

    [Fact]
    public void ApplyRefusesTheFusedActivations() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelActivations.Apply(new float[4], Activation.HardSwish));

    /// <summary>The arguments: a dense sweep of [−100, 100], signed powers of two with several mantissas, and random floats.</summary>
    private static float[] Arguments()
    {
        var x = new List<float>();
        for (int i = -200_000; i <= 200_000; i++)
        {
            x.Add(i * 5e-4f);
        }
        for (int e = -140; e <= 7; e++)
        {
            foreach (float m in new[] { 1f, 1.1f, 1.25f, 1.5f, 1.75f, 1.999f })
            {
                float v = m * MathF.Pow(2, e);
                x.Add(v);
                x.Add(-v);
            }
        }
        var random = new Random(20261206);
        for (int i = 0; i < 100_000; i++)
        {
            x.Add((float)((random.NextDouble() * 2 - 1) * Math.Pow(2, random.Next(-30, 8))));
        }
        while (x.Count % 16 != 0)
        {
            x.Add(0f);
        }
        return x.ToArray();
    }

    private static float[] Evaluate(Activation activation, string width, float[] x)
    {
        // Widths the machine does not accelerate still run (in software) and must meet the same bounds.
        var y = new float[x.Length];
        int lanes = width switch { "Vector512" => 16, "Vector256" => 8, "Vector128" => 4, _ => 1 };
        for (int i = 0; i < x.Length; i += lanes)
        {
            switch (width)
            {
                case "Vector512":
                    Apply512(activation, Vector512.Create(x.AsSpan(i, 16))).CopyTo(y.AsSpan(i, 16));
                    break;
                case "Vector256":
                    Apply256(activation, Vector256.Create(x.AsSpan(i, 8))).CopyTo(y.AsSpan(i, 8));
                    break;
                case "Vector128":
                    Apply128(activation, Vector128.Create(x.AsSpan(i, 4))).CopyTo(y.AsSpan(i, 4));
                    break;
                default:
                    y[i] = ApplyScalar(activation, x[i]);
                    break;
            }
        }
        return y;
    }

    private static Vector512<float> Apply512(Activation a, Vector512<float> x) => a switch
    {
        Activation.LeakyRelu => KernelActivations.LeakyRelu(x, Slope),
        Activation.Gelu => KernelActivations.Gelu(x),
        Activation.Sigmoid => KernelActivations.Sigmoid(x),
        Activation.Tanh => KernelActivations.Tanh(x),
        Activation.Silu => KernelActivations.Silu(x),
        Activation.HardSigmoid => KernelActivations.HardSigmoid(x),
        _ => KernelActivations.HardSwish(x),
    };

    private static Vector256<float> Apply256(Activation a, Vector256<float> x) => a switch
    {
        Activation.LeakyRelu => KernelActivations.LeakyRelu(x, Slope),
        Activation.Gelu => KernelActivations.Gelu(x),
        Activation.Sigmoid => KernelActivations.Sigmoid(x),
        Activation.Tanh => KernelActivations.Tanh(x),
        Activation.Silu => KernelActivations.Silu(x),
        Activation.HardSigmoid => KernelActivations.HardSigmoid(x),
        _ => KernelActivations.HardSwish(x),
    };

    private static Vector128<float> Apply128(Activation a, Vector128<float> x) => a switch
    {
        Activation.LeakyRelu => KernelActivations.LeakyRelu(x, Slope),
        Activation.Gelu => KernelActivations.Gelu(x),
        Activation.Sigmoid => KernelActivations.Sigmoid(x),
        Activation.Tanh => KernelActivations.Tanh(x),
        Activation.Silu => KernelActivations.Silu(x),
        Activation.HardSigmoid => KernelActivations.HardSigmoid(x),
        _ => KernelActivations.HardSwish(x),
    };

    private static float ApplyScalar(Activation a, float x) => a switch
    {
        Activation.LeakyRelu => KernelActivations.LeakyRelu(x, Slope),
        Activation.Gelu => KernelActivations.Gelu(x),
        Activation.Sigmoid => KernelActivations.Sigmoid(x),
        Activation.Tanh => KernelActivations.Tanh(x),
        Activation.Silu => KernelActivations.Silu(x),
        Activation.HardSigmoid => KernelActivations.HardSigmoid(x),
        _ => KernelActivations.HardSwish(x),
    };
}
