using System;

namespace ConvGen.Reference;

/// <summary>
/// A 2-D transposed convolution layer (PyTorch <c>ConvTranspose2d</c> semantics) described at run time, for the generic
/// kernels <see cref="GenericConv.NaiveTransposedForward"/> and <see cref="GemmCol2ImConvTranspose"/>, and returned by every
/// generated <c>[ConvTranspose2D]</c> kernel's <c>{Method}Shape</c> property.
/// <see cref="Height"/> and <see cref="Width"/> are the input's; weights are <c>[InChannels][OutChannels/Groups][kh][kw]</c>.
/// <see cref="NegativeSlope"/> is the leaky ReLU's, used and validated only with <see cref="Activation.LeakyRelu"/>.
/// </summary>
/// <param name="InChannels">Input channels (C).</param>
/// <param name="OutChannels">Output channels (K).</param>
/// <param name="Height">Input height.</param>
/// <param name="Width">Input width.</param>
/// <param name="KernelHeight">Kernel rows (kh).</param>
/// <param name="KernelWidth">Kernel columns (kw).</param>
/// <param name="StrideHeight">Vertical stride (the upsampling factor).</param>
/// <param name="StrideWidth">Horizontal stride.</param>
/// <param name="PaddingHeight">Rows removed from the top and the bottom of the full output (PyTorch's <c>padding</c>).</param>
/// <param name="PaddingWidth">Columns removed from the left and the right of the full output.</param>
/// <param name="OutputPaddingHeight">Extra rows at the bottom of the output (PyTorch's <c>output_padding</c>).</param>
/// <param name="OutputPaddingWidth">Extra columns at the right of the output.</param>
/// <param name="DilationHeight">Vertical spacing of the kernel taps.</param>
/// <param name="DilationWidth">Horizontal spacing of the kernel taps.</param>
/// <param name="Groups">Channel groups (G).</param>
/// <param name="Activation">The activation after the bias.</param>
/// <param name="NegativeSlope">The leaky ReLU's slope, used and validated only with <see cref="Activation.LeakyRelu"/>.</param>
public readonly record struct ConvTranspose2DShape(
    int InChannels, int OutChannels, int Height, int Width,
    int KernelHeight, int KernelWidth,
    int StrideHeight = 1, int StrideWidth = 1,
    int PaddingHeight = 0, int PaddingWidth = 0,
    int OutputPaddingHeight = 0, int OutputPaddingWidth = 0,
    int DilationHeight = 1, int DilationWidth = 1,
    int Groups = 1, Activation Activation = Activation.None, float NegativeSlope = 0.01f)
{
    /// <summary>Output height: (H − 1)·sh − 2·ph + dh·(kh − 1) + oph + 1.</summary>
    public int OutHeight => (Height - 1) * StrideHeight - 2 * PaddingHeight + DilationHeight * (KernelHeight - 1) + OutputPaddingHeight + 1;
    /// <summary>Output width: (W − 1)·sw − 2·pw + dw·(kw − 1) + opw + 1.</summary>
    public int OutWidth => (Width - 1) * StrideWidth - 2 * PaddingWidth + DilationWidth * (KernelWidth - 1) + OutputPaddingWidth + 1;
    /// <summary>Floats in one input image (C·H·W).</summary>
    public int InputImage => InChannels * Height * Width;
    /// <summary>Floats in one output image (K·OH·OW).</summary>
    public int OutputImage => OutChannels * OutHeight * OutWidth;
    /// <summary>Floats in the weight tensor (C·K/G·kh·kw).</summary>
    public int WeightCount => InChannels * (OutChannels / Groups) * KernelHeight * KernelWidth;
    /// <summary>
    /// Floating-point operations of one image's forward pass, 2 per multiply-add of the scatter form
    /// (C·H·W·(K/G)·kh·kw multiply-adds, the peers harness's deconv count; taps that land in the padding are counted).
    /// </summary>
    public long Flops => 2L * InputImage * (OutChannels / Groups) * KernelHeight * KernelWidth;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the shape is not a valid layer. As in PyTorch, each output padding must
    /// be smaller than the stride or the dilation of its axis (the generator's <c>[ConvTranspose2D]</c> is stricter:
    /// smaller than the stride). A tensor (one image's input or output, the weights) may hold at most
    /// <see cref="int.MaxValue"/> floats.
    /// </summary>
    public void Validate()
    {
        if (InChannels < 1 || OutChannels < 1 || Height < 1 || Width < 1 || KernelHeight < 1 || KernelWidth < 1 ||
            StrideHeight < 1 || StrideWidth < 1 || DilationHeight < 1 || DilationWidth < 1 || Groups < 1 ||
            PaddingHeight < 0 || PaddingWidth < 0 || OutputPaddingHeight < 0 || OutputPaddingWidth < 0 ||
            !ActivationChecks.IsValid(Activation, NegativeSlope))
        {
            throw new ArgumentException($"Invalid transposed convolution shape {this}.");
        }
        if (InChannels % Groups != 0 || OutChannels % Groups != 0)
        {
            throw new ArgumentException($"Channels ({InChannels}, {OutChannels}) are not divisible by groups ({Groups}).");
        }
        if (OutputPaddingHeight >= Math.Max(StrideHeight, DilationHeight) || OutputPaddingWidth >= Math.Max(StrideWidth, DilationWidth))
        {
            throw new ArgumentException($"The output padding ({OutputPaddingHeight}, {OutputPaddingWidth}) must be smaller than the stride or the dilation of its axis in {this}.");
        }
        // In 64 bits: with large strides or dilations the int properties would wrap.
        long outHeight = (Height - 1L) * StrideHeight - 2L * PaddingHeight + (long)DilationHeight * (KernelHeight - 1) + OutputPaddingHeight + 1;
        long outWidth = (Width - 1L) * StrideWidth - 2L * PaddingWidth + (long)DilationWidth * (KernelWidth - 1) + OutputPaddingWidth + 1;
        if (outHeight < 1 || outWidth < 1)
        {
            throw new ArgumentException($"The padding removes the whole output in {this}.");
        }
        if ((long)InChannels * Height * Width > int.MaxValue || OutChannels * outHeight * outWidth > int.MaxValue ||
            (long)InChannels * (OutChannels / Groups) * KernelHeight * KernelWidth > int.MaxValue)
        {
            throw new ArgumentException($"A tensor of {this} has more than {int.MaxValue} floats.");
        }
    }

    /// <summary>The layer's parameters (not the derived sizes, which an invalid shape may not have).</summary>
    public override string ToString() =>
        $"ConvTranspose2DShape {{ InChannels = {InChannels}, OutChannels = {OutChannels}, Height = {Height}, Width = {Width}, " +
        $"KernelHeight = {KernelHeight}, KernelWidth = {KernelWidth}, StrideHeight = {StrideHeight}, StrideWidth = {StrideWidth}, " +
        $"PaddingHeight = {PaddingHeight}, PaddingWidth = {PaddingWidth}, OutputPaddingHeight = {OutputPaddingHeight}, OutputPaddingWidth = {OutputPaddingWidth}, " +
        $"DilationHeight = {DilationHeight}, DilationWidth = {DilationWidth}, Groups = {Groups}, Activation = {Activation}, NegativeSlope = {NegativeSlope.ToString(System.Globalization.CultureInfo.InvariantCulture)} }}";
}
