using System;
using System.Linq;
using System.Reflection;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Reference;
using ConvGen.Tests.Reference;
using Xunit;
using Xunit.Abstractions;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The emitted Winograd transforms against the exact matrices of winograd-spec §1.5, and the achieved error κ of
/// every Winograd layer against its bound.
/// </summary>
public sealed class WinogradTests : GuardedKernelTests
{
    private readonly ITestOutputHelper _output;

    public WinogradTests(ITestOutputHelper output) => _output = output;

    private delegate void InputTile(ref float src, nint rowStride, nint phaseStride, nint unitStride, ref float v);
    private delegate void OutputTile(ref float m, ref float y);

    // winograd-spec §1.5, exact.
    private static readonly double[,] BtF2 = { { 1, 0, -1, 0 }, { 0, 1, 1, 0 }, { 0, -1, 1, 0 }, { 0, -1, 0, 1 } };
    private static readonly double[,] AtF2 = { { 1, 1, 1, 0 }, { 0, 1, -1, 1 } };
    private static readonly double[,] BtF4 =
    {
        { 225.0 / 256, 0, -169.0 / 64, 0, 1, 0 },
        { 0, -45.0 / 32, -9.0 / 4, 5.0 / 8, 1, 0 },
        { 0, 45.0 / 32, -9.0 / 4, -5.0 / 8, 1, 0 },
        { 0, -75.0 / 128, -25.0 / 64, 3.0 / 2, 1, 0 },
        { 0, 75.0 / 128, -25.0 / 64, -3.0 / 2, 1, 0 },
        { 0, 225.0 / 256, 0, -169.0 / 64, 0, 1 },
    };
    private static readonly double[,] AtF4 =
    {
        { 1, 1, 1, 1, 1, 0 },
        { 0, 5.0 / 8, -5.0 / 8, 3.0 / 2, -3.0 / 2, 0 },
        { 0, 25.0 / 64, 25.0 / 64, 9.0 / 4, 9.0 / 4, 0 },
        { 0, 125.0 / 512, -125.0 / 512, 27.0 / 8, -27.0 / 8, 1 },
    };

    private static Type Kernel(string method) =>
        typeof(WinogradTests).Assembly.GetTypes().Single(t => t.Name.EndsWith(method + "Kernel", StringComparison.Ordinal));

    private static T Method<T>(Type kernel, string name) where T : Delegate =>
        (T)kernel.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.CreateDelegate(typeof(T));

    private static int Constant(Type kernel, string name) =>
        (int)kernel.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;

    public static TheoryData<string, int> Layers => new() { { "WinogradF2Odd", 2 }, { "WinogradF4Pad0", 4 } };

    /// <summary>
    /// The scalar input transform applied to every basis tile E_kl gives V[a][b] = B^T[a][k]·B^T[b][l] exactly
    /// (every constant and product is dyadic, so fp32 is exact here): the folded constants are the exact B^T.
    /// </summary>
    [Theory]
    [MemberData(nameof(Layers))]
    public void EmittedInputTransformIsTheExactBt(string layer, int m)
    {
        double[,] bt = m == 2 ? BtF2 : BtF4;
        int n = m + 2;
        Type kernel = Kernel(layer);
        InputTile transform = Method<InputTile>(kernel, "InputTileScalar");
        int vStride = Constant(kernel, "VStride");
        for (int k = 0; k < n; k++)
        {
            for (int l = 0; l < n; l++)
            {
                float[] d = new float[n * n];
                d[k * n + l] = 1;
                float[] v = new float[n * n * vStride];
                // d(r, j) at r·n + (j mod m)·1 + (j div m)·m = r·n + j.
                transform(ref d[0], n, 1, m, ref v[0]);
                for (int a = 0; a < n; a++)
                {
                    for (int b = 0; b < n; b++)
                    {
                        Assert.Equal(bt[a, k] * bt[b, l], (double)v[(a * n + b) * vStride]);
                    }
                }
            }
        }
    }

    /// <summary>The scalar output transform of every basis M = E_ab gives Y[p][q] = A^T[p][a]·A^T[q][b] exactly.</summary>
    [Theory]
    [MemberData(nameof(Layers))]
    public void EmittedOutputTransformIsTheExactAt(string layer, int m)
    {
        double[,] at = m == 2 ? AtF2 : AtF4;
        int n = m + 2;
        Type kernel = Kernel(layer);
        OutputTile transform = Method<OutputTile>(kernel, "OutputTileScalar");
        int mStride = Constant(kernel, "MStride");
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                float[] mm = new float[n * n * mStride];
                mm[(a * n + b) * mStride] = 1;
                float[] y = new float[m * m];
                transform(ref mm[0], ref y[0]);
                for (int p = 0; p < m; p++)
                {
                    for (int q = 0; q < m; q++)
                    {
                        Assert.Equal(at[p, a] * at[q, b], (double)y[p * m + q]);
                    }
                }
            }
        }
    }

    /// <summary>Achieved κ = max |y − y64| / (2^-23·Σ|w·x|) of every Winograd layer over 3 seeds, against its bound.</summary>
    [Fact]
    public void AchievedKappaPerTileSize()
    {
        foreach (LayerCase layer in LayerCatalog.All.Where(l => l.Name.StartsWith("Winograd", StringComparison.Ordinal)))
        {
            double worst = 0;
            for (int seed = 1; seed <= 3; seed++)
            {
                var random = new Random(seed);
                Conv2DShape s = layer.Shape;
                float[] x = ForwardChecks.RandomData(layer.Batch * s.InputImage, random);
                float[] w = ForwardChecks.RandomData(s.WeightCount, random);
                float[] bias = layer.HasBias ? ForwardChecks.RandomData(s.OutChannels, random) : Array.Empty<float>();
                float[] y = new float[layer.Batch * s.OutputImage];
                layer.Run(x, w, bias, y);
                ReferenceResult expected = Conv2DReference.Forward(ForwardChecks.Parameters(s), layer.Batch, s.Height, s.Width, x, w, bias, ForwardChecks.Activation(s), s.NegativeSlope);
                worst = Math.Max(worst, expected.MaxErrorRatio(y));
            }
            _output.WriteLine($"{layer.Name} [{ForwardChecks.ActivePath}]: max κ = {worst:0.00} (bound {layer.Kappa})");
            Assert.True(worst <= layer.Kappa, $"{layer.Name}: κ = {worst} > {layer.Kappa}");
        }
    }
}
