using System;
using ConvGen.Runtime.CompilerServices;

namespace ConvGen.Reference;

/// <summary>
/// Generic convolution kernels whose shape is a run-time value: the baseline the generated kernels are measured
/// against, and a second oracle for tests.
/// </summary>
public static class GenericConv
{
    /// <summary>
    /// Naive direct convolution: seven nested loops in PyTorch's semantics (cross-correlation, zero padding),
    /// fp32 accumulation, bias and activation applied at the end. <paramref name="bias"/> may be empty.
    /// </summary>
    public static void NaiveForward(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        shape.Validate();
        int batch = CheckLengths(shape, input, weights, bias, output);
        int cg = shape.InChannels / shape.Groups, kg = shape.OutChannels / shape.Groups;
        int oh = shape.OutHeight, ow = shape.OutWidth;
        for (int n = 0; n < batch; n++)
        {
            for (int k = 0; k < shape.OutChannels; k++)
            {
                int g = k / kg;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float sum = 0;
                        for (int c = 0; c < cg; c++)
                        {
                            int inChannel = g * cg + c;
                            for (int ky = 0; ky < shape.KernelHeight; ky++)
                            {
                                int iy = oy * shape.StrideHeight - shape.PaddingHeight + ky * shape.DilationHeight;
                                if ((uint)iy >= (uint)shape.Height)
                                {
                                    continue;
                                }
                                for (int kx = 0; kx < shape.KernelWidth; kx++)
                                {
                                    int ix = ox * shape.StrideWidth - shape.PaddingWidth + kx * shape.DilationWidth;
                                    if ((uint)ix >= (uint)shape.Width)
                                    {
                                        continue;
                                    }
                                    float x = input[((n * shape.InChannels + inChannel) * shape.Height + iy) * shape.Width + ix];
                                    float w = weights[((k * cg + c) * shape.KernelHeight + ky) * shape.KernelWidth + kx];
                                    sum += x * w;
                                }
                            }
                        }
                        if (!bias.IsEmpty)
                        {
                            sum += bias[k];
                        }
                        output[((n * shape.OutChannels + k) * oh + oy) * ow + ox] = Activate(sum, shape.Activation, shape.NegativeSlope);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Naive backward-data: gradInput = Σ over (output channel of the group, kh, kw) of W·gradOutput at the output pixel
    /// that tap maps the input pixel from (the scatter form, fp32). No activation: pass the gradient after its derivative.
    /// </summary>
    public static void NaiveBackwardData(in Conv2DShape shape, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput)
    {
        shape.Validate();
        int batch = CheckLengths(shape, gradInput, weights, default, gradOutput, ConvPass.BackwardData);
        int cg = shape.InChannels / shape.Groups, kg = shape.OutChannels / shape.Groups;
        int oh = shape.OutHeight, ow = shape.OutWidth;
        gradInput.Clear();
        for (int n = 0; n < batch; n++)
        {
            for (int k = 0; k < shape.OutChannels; k++)
            {
                int g = k / kg;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float dy = gradOutput[((n * shape.OutChannels + k) * oh + oy) * ow + ox];
                        for (int c = 0; c < cg; c++)
                        {
                            int inChannel = g * cg + c;
                            for (int ky = 0; ky < shape.KernelHeight; ky++)
                            {
                                int iy = oy * shape.StrideHeight - shape.PaddingHeight + ky * shape.DilationHeight;
                                if ((uint)iy >= (uint)shape.Height)
                                {
                                    continue;
                                }
                                for (int kx = 0; kx < shape.KernelWidth; kx++)
                                {
                                    int ix = ox * shape.StrideWidth - shape.PaddingWidth + kx * shape.DilationWidth;
                                    if ((uint)ix >= (uint)shape.Width)
                                    {
                                        continue;
                                    }
                                    gradInput[((n * shape.InChannels + inChannel) * shape.Height + iy) * shape.Width + ix] +=
                                        weights[((k * cg + c) * shape.KernelHeight + ky) * shape.KernelWidth + kx] * dy;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Naive backward-weights: gradWeights = Σ over the batch and output pixels of input·gradOutput, and gradBias (when
    /// not empty) the sum of gradOutput per channel (fp32, overwritten).
    /// </summary>
    public static void NaiveBackwardWeights(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias)
    {
        shape.Validate();
        int batch = CheckLengths(shape, input, gradWeights, gradBias, gradOutput, ConvPass.BackwardWeights);
        int cg = shape.InChannels / shape.Groups, kg = shape.OutChannels / shape.Groups;
        int oh = shape.OutHeight, ow = shape.OutWidth;
        gradWeights.Clear();
        gradBias.Clear();
        for (int n = 0; n < batch; n++)
        {
            for (int k = 0; k < shape.OutChannels; k++)
            {
                int g = k / kg;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float dy = gradOutput[((n * shape.OutChannels + k) * oh + oy) * ow + ox];
                        if (!gradBias.IsEmpty)
                        {
                            gradBias[k] += dy;
                        }
                        for (int c = 0; c < cg; c++)
                        {
                            int inChannel = g * cg + c;
                            for (int ky = 0; ky < shape.KernelHeight; ky++)
                            {
                                int iy = oy * shape.StrideHeight - shape.PaddingHeight + ky * shape.DilationHeight;
                                if ((uint)iy >= (uint)shape.Height)
                                {
                                    continue;
                                }
                                for (int kx = 0; kx < shape.KernelWidth; kx++)
                                {
                                    int ix = ox * shape.StrideWidth - shape.PaddingWidth + kx * shape.DilationWidth;
                                    if ((uint)ix >= (uint)shape.Width)
                                    {
                                        continue;
                                    }
                                    gradWeights[((k * cg + c) * shape.KernelHeight + ky) * shape.KernelWidth + kx] +=
                                        input[((n * shape.InChannels + inChannel) * shape.Height + iy) * shape.Width + ix] * dy;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Naive transposed convolution (PyTorch <c>ConvTranspose2d</c>) in the scatter form: every input pixel adds
    /// x·W[c][k][ky][kx] to output pixel (iy·sh − ph + ky·dh, ix·sw − pw + kx·dw) where that lies inside the output, in
    /// fp32; bias and activation are applied at the end. Weights <c>[InChannels][OutChannels/Groups][kh][kw]</c>, input and
    /// output NCHW; <paramref name="bias"/> may be empty. The batch is <c>input.Length / (C·H·W)</c>; the output is overwritten.
    /// </summary>
    public static void NaiveTransposedForward(in ConvTranspose2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        shape.Validate();
        int batch = CheckLengths(shape, input, weights, bias, output);
        int cg = shape.InChannels / shape.Groups, kg = shape.OutChannels / shape.Groups;
        int oh = shape.OutHeight, ow = shape.OutWidth;
        output.Clear();
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < shape.InChannels; c++)
            {
                int g = c / cg;
                for (int iy = 0; iy < shape.Height; iy++)
                {
                    for (int ix = 0; ix < shape.Width; ix++)
                    {
                        float x = input[((n * shape.InChannels + c) * shape.Height + iy) * shape.Width + ix];
                        for (int kl = 0; kl < kg; kl++)
                        {
                            int outChannel = g * kg + kl;
                            for (int ky = 0; ky < shape.KernelHeight; ky++)
                            {
                                int oy = iy * shape.StrideHeight - shape.PaddingHeight + ky * shape.DilationHeight;
                                if ((uint)oy >= (uint)oh)
                                {
                                    continue;
                                }
                                for (int kx = 0; kx < shape.KernelWidth; kx++)
                                {
                                    int ox = ix * shape.StrideWidth - shape.PaddingWidth + kx * shape.DilationWidth;
                                    if ((uint)ox >= (uint)ow)
                                    {
                                        continue;
                                    }
                                    output[((n * shape.OutChannels + outChannel) * oh + oy) * ow + ox] +=
                                        x * weights[((c * kg + kl) * shape.KernelHeight + ky) * shape.KernelWidth + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        if (bias.IsEmpty && shape.Activation == Activation.None)
        {
            return;
        }
        int plane = oh * ow;
        for (int n = 0; n < batch; n++)
        {
            for (int k = 0; k < shape.OutChannels; k++)
            {
                float add = bias.IsEmpty ? 0f : bias[k];
                Span<float> channel = output.Slice((n * shape.OutChannels + k) * plane, plane);
                for (int i = 0; i < channel.Length; i++)
                {
                    channel[i] = Activate(channel[i] + add, shape.Activation, shape.NegativeSlope);
                }
            }
        }
    }

    /// <summary>The activation, written plainly (the generated kernels' vector forms are in KernelActivations).</summary>
    internal static float Activate(float value, Activation activation, float negativeSlope) => activation switch
    {
        // A slope of 0 is a ReLU, as the generator reads it (so −∞ gives 0, not −∞·0).
        Activation.LeakyRelu => value > 0f ? value : negativeSlope == 0f ? 0f : value * negativeSlope,
        Activation.Gelu => KernelActivations.Gelu(value), // .NET has no erf: the kernels' scalar form, which works in double
        Activation.Relu => MathF.Max(value, 0f),
        Activation.Relu6 => MathF.Min(MathF.Max(value, 0f), 6f),
        Activation.Sigmoid => 1f / (1f + MathF.Exp(-value)),
        Activation.Tanh => MathF.Tanh(value),
        Activation.Silu => value / (1f + MathF.Exp(-value)),
        Activation.HardSigmoid => MathF.Min(MathF.Max(value + 3f, 0f), 6f) / 6f,
        Activation.HardSwish => value * MathF.Min(MathF.Max(value + 3f, 0f), 6f) / 6f,
        _ => value,
    };

    /// <summary>
    /// The batch, after <see cref="CheckLengths(int, int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ConvPass)"/>.
    /// The spans are in the forward pass's places: a backward pass passes gradInput as the input, gradOutput as the output,
    /// and gradWeights and gradBias as the weights and bias.
    /// </summary>
    internal static int CheckLengths(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, ReadOnlySpan<float> output, ConvPass pass = ConvPass.Forward) =>
        CheckLengths(shape.InputImage, shape.OutputImage, shape.WeightCount, shape.OutChannels, input, weights, bias, output, pass);

    internal static int CheckLengths(in ConvTranspose2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, ReadOnlySpan<float> output) =>
        CheckLengths(shape.InputImage, shape.OutputImage, shape.WeightCount, shape.OutChannels, input, weights, bias, output, ConvPass.Forward);

    /// <summary>
    /// The batch, after checking every span against the layer's per-image sizes and that the spans <paramref name="pass"/>
    /// writes overlap none of those it reads; throws <see cref="ArgumentException"/> naming each span by its role in the pass.
    /// </summary>
    private static int CheckLengths(int inputImage, int outputImage, int weightCount, int outChannels, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> output, ConvPass pass)
    {
        (string inputName, string weightsName, string biasName, string outputName) = pass switch
        {
            ConvPass.BackwardData => ("gradInput", "weights", "bias", "gradOutput"),
            ConvPass.BackwardWeights => ("input", "gradWeights", "gradBias", "gradOutput"),
            _ => ("input", "weights", "bias", "output"),
        };
        int batch = input.Length / inputImage;
        if (batch * inputImage != input.Length)
        {
            throw new ArgumentException($"'{inputName}' has {input.Length} elements, not a whole number of {inputImage}-element images.", inputName);
        }
        if ((long)batch * outputImage != output.Length)
        {
            throw new ArgumentException($"'{outputName}' has {output.Length} elements but {batch} image(s) need {(long)batch * outputImage}.", outputName);
        }
        if (weights.Length != weightCount)
        {
            throw new ArgumentException($"'{weightsName}' has {weights.Length} elements but the layer needs {weightCount}.", weightsName);
        }
        if (!bias.IsEmpty && bias.Length != outChannels)
        {
            throw new ArgumentException($"'{biasName}' has {bias.Length} elements but the layer needs {outChannels} (or none).", biasName);
        }
        switch (pass)
        {
            case ConvPass.BackwardData:
                KernelGuards.Separate(input, inputName, output, outputName, weights, weightsName);
                break;
            case ConvPass.BackwardWeights:
                KernelGuards.Separate(weights, weightsName, input, inputName, output, outputName);
                KernelGuards.Separate(bias, biasName, input, inputName, output, outputName, weights, weightsName);
                break;
            default:
                KernelGuards.Separate(output, outputName, input, inputName, weights, weightsName, bias, biasName);
                break;
        }
        return batch;
    }
}
