using System;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// One [Conv2D] layer of a random-shape test (<see cref="RandomBackwardShapeTests"/>, <see cref="RandomLayerShapeTests"/>,
/// <see cref="RandomDepthwiseShapeTests"/>): its attribute for each pass, the fp64 reference's parameters, and the
/// checks every pass of layer i gets against that reference.
/// </summary>
internal sealed record RandomConv2DShape(int C, int K, int H, int W, int Kh, int Kw, int Sh, int Sw, int Ph, int Pw, int Dh, int Dw, int G, int Batch)
{
    public int OutHeight => (H + 2 * Ph - Dh * (Kh - 1) - 1) / Sh + 1;
    public int OutWidth => (W + 2 * Pw - Dw * (Kw - 1) - 1) / Sw + 1;
    public Conv2DParameters Parameters => new(C, K, Kh, Kw, Sh, Sw, Ph, Pw, Dh, Dw, G);

    /// <summary>Declares the layer with <c>AllowLowPrecisionWinograd = true</c> (Auto may then take F(m×m,5×5) or F(6×6,3×3)).</summary>
    public bool LowPrecision { get; init; }

    public string Attribute(string pass) =>
        $"[Conv2D(InChannels = {C}, OutChannels = {K}, Height = {H}, Width = {W}, KernelHeight = {Kh}, KernelWidth = {Kw}, " +
        $"StrideHeight = {Sh}, StrideWidth = {Sw}, PaddingHeight = {Ph}, PaddingWidth = {Pw}, DilationHeight = {Dh}, DilationWidth = {Dw}, Groups = {G}, Pass = ConvPass.{pass}" +
        (LowPrecision ? ", AllowLowPrecisionWinograd = true)]" : ")]");

    /// <summary>
    /// Draws input, gradOutput and weights from <paramref name="random"/> (then, with <paramref name="forward"/> and
    /// where <see cref="RandomShapes.ForwardHasBias"/> says so, a bias), runs layer <paramref name="i"/>'s passes, its
    /// forward pass with the activation <see cref="RandomShapes.ForwardActivation"/> gives it under <paramref name="seed"/>
    /// (<see cref="RandomShapes"/>' Run methods: every thread count, outputs starting as NaN) and holds the forward
    /// output, gradInput and gradWeights to the fp64 references with their κ, the bias gradient with κ = 4.
    /// </summary>
    public void Check(InMemoryRunner run, int i, int seed, Random random, string name, bool forward, double forwardKappa = 4, double dataKappa = 4, double weightsKappa = 4)
    {
        int inputLength = Batch * C * H * W, outputLength = Batch * K * OutHeight * OutWidth;
        float[] x = RandomShapes.Uniform(inputLength, random), dy = RandomShapes.Uniform(outputLength, random), w = RandomShapes.Uniform(K * (C / G) * Kh * Kw, random);
        string? failure;

        if (forward)
        {
            float[] bias = RandomShapes.ForwardHasBias(i) ? RandomShapes.Uniform(K, random) : Array.Empty<float>();
            float[] y = RandomShapes.RunForward(run, i, x, w, bias, outputLength, name);
            ReferenceResult expectedY = Conv2DReference.Forward(Parameters, Batch, H, W, x, w, bias, (ReferenceActivation)RandomShapes.ForwardActivation(i, seed), RandomShapes.ForwardNegativeSlope(i, seed));
            Assert.True(expectedY.IsWithinBound(y, forwardKappa, out failure), $"{name} forward: {failure}");
        }

        float[] dx = RandomShapes.RunBackwardData(run, i, dy, w, inputLength, name);
        ReferenceResult expectedDx = Conv2DReference.BackwardData(Parameters, Batch, H, W, dy, w);
        Assert.True(expectedDx.IsWithinBound(dx, dataKappa, out failure), $"{name} data: {failure}");

        (float[] dw, float[] db) = RandomShapes.RunBackwardWeights(run, i, x, dy, w.Length, K, name);
        ReferenceWeightGradients expected = Conv2DReference.BackwardWeights(Parameters, Batch, H, W, ReferenceResult.ToDouble(x), ReferenceResult.ToDouble(dy));
        Assert.True(expected.Weight.IsWithinBound(dw, weightsKappa, out failure), $"{name} weights: {failure}");
        Assert.True(expected.Bias.IsWithinBound(db, 4, out failure), $"{name} bias: {failure}");
    }
}
