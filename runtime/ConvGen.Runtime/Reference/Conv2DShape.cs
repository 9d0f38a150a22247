using System;

namespace ConvGen.Reference;

/// <summary>
/// A 2-D convolution layer described at run time, for the generic kernels in <see cref="GenericConv"/> and
/// <see cref="Im2ColGemmConv"/>. Every generated <c>[Conv2D]</c> kernel's <c>{Method}Shape</c> property returns its layer as
/// one of these, to size buffers from (<see cref="InputImage"/>, <see cref="OutputImage"/>, <see cref="WeightCount"/>).
/// <see cref="NegativeSlope"/> is the leaky ReLU's, used and validated only with <see cref="Activation.LeakyRelu"/>
/// (a slope of 0 acting as ReLU, as the generator reads it).
/// </summary>
/// <param name="InChannels">Input channels (C).</param>
/// <param name="OutChannels">Output channels (K).</param>
/// <param name="Height">Input height.</param>
/// <param name="Width">Input width.</param>
/// <param name="KernelHeight">Kernel rows (kh).</param>
/// <param name="KernelWidth">Kernel columns (kw).</param>
/// <param name="StrideHeight">Vertical stride.</param>
/// <param name="StrideWidth">Horizontal stride.</param>
/// <param name="PaddingHeight">Zero rows above and below the input.</param>
/// <param name="PaddingWidth">Zero columns left and right of the input.</param>
/// <param name="DilationHeight">Vertical spacing of the kernel taps.</param>
/// <param name="DilationWidth">Horizontal spacing of the kernel taps.</param>
/// <param name="Groups">Channel groups (G): each output channel reads InChannels / Groups input channels.</param>
/// <param name="Activation">The activation after the bias.</param>
/// <param name="NegativeSlope">The leaky ReLU's slope, used and validated only with <see cref="Activation.LeakyRelu"/>.</param>
public readonly record struct Conv2DShape(
    int InChannels, int OutChannels, int Height, int Width,
    int KernelHeight, int KernelWidth,
    int StrideHeight = 1, int StrideWidth = 1,
    int PaddingHeight = 0, int PaddingWidth = 0,
    int DilationHeight = 1, int DilationWidth = 1,
    int Groups = 1, Activation Activation = Activation.None, float NegativeSlope = 0.01f)
{
    /// <summary>Output height.</summary>
    public int OutHeight => (Height + 2 * PaddingHeight - DilationHeight * (KernelHeight - 1) - 1) / StrideHeight + 1;
    /// <summary>Output width.</summary>
    public int OutWidth => (Width + 2 * PaddingWidth - DilationWidth * (KernelWidth - 1) - 1) / StrideWidth + 1;
    /// <summary>Floats in one input image (C·H·W).</summary>
    public int InputImage => InChannels * Height * Width;
    /// <summary>Floats in one output image (K·OH·OW).</summary>
    public int OutputImage => OutChannels * OutHeight * OutWidth;
    /// <summary>Floats in the weight tensor (K·C/G·kh·kw).</summary>
    public int WeightCount => OutChannels * (InChannels / Groups) * KernelHeight * KernelWidth;
    /// <summary>Floating-point operations of one image's forward pass (2 per multiply-add).</summary>
    public long Flops => 2L * OutputImage * (InChannels / Groups) * KernelHeight * KernelWidth;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the shape is not a valid layer: a size, stride, dilation or group count
    /// below 1, negative padding, channels not divisible by the groups, an undefined activation, a negative slope outside
    /// [0, 1], an empty output, or a
    /// tensor (one image's input or output, the weights) of more than <see cref="int.MaxValue"/> floats.
    /// </summary>
    public void Validate()
    {
        if (InChannels < 1 || OutChannels < 1 || Height < 1 || Width < 1 || KernelHeight < 1 || KernelWidth < 1 ||
            StrideHeight < 1 || StrideWidth < 1 || DilationHeight < 1 || DilationWidth < 1 || Groups < 1 ||
            PaddingHeight < 0 || PaddingWidth < 0 || !ActivationChecks.IsValid(Activation, NegativeSlope))
        {
            throw new ArgumentException($"Invalid convolution shape {this}.");
        }
        if (InChannels % Groups != 0 || OutChannels % Groups != 0)
        {
            throw new ArgumentException($"Channels ({InChannels}, {OutChannels}) are not divisible by groups ({Groups}).");
        }
        // In 64 bits: with large dilations or sizes the int properties would wrap. The dilated kernel must fit the padded
        // input, leaving at least one position for it (integer division alone would round a shortfall up to one row).
        long positionsHeight = Height + 2L * PaddingHeight - (long)DilationHeight * (KernelHeight - 1);
        long positionsWidth = Width + 2L * PaddingWidth - (long)DilationWidth * (KernelWidth - 1);
        if (positionsHeight < 1 || positionsWidth < 1)
        {
            throw new ArgumentException($"The kernel is larger than the padded input in {this}.");
        }
        long outHeight = (positionsHeight - 1) / StrideHeight + 1, outWidth = (positionsWidth - 1) / StrideWidth + 1;
        if ((long)InChannels * Height * Width > int.MaxValue || OutChannels * outHeight * outWidth > int.MaxValue ||
            (long)OutChannels * (InChannels / Groups) * KernelHeight * KernelWidth > int.MaxValue)
        {
            throw new ArgumentException($"A tensor of {this} has more than {int.MaxValue} floats.");
        }
    }

    /// <summary>The layer's parameters (not the derived sizes, which an invalid shape may not have).</summary>
    public override string ToString() =>
        $"Conv2DShape {{ InChannels = {InChannels}, OutChannels = {OutChannels}, Height = {Height}, Width = {Width}, " +
        $"KernelHeight = {KernelHeight}, KernelWidth = {KernelWidth}, StrideHeight = {StrideHeight}, StrideWidth = {StrideWidth}, " +
        $"PaddingHeight = {PaddingHeight}, PaddingWidth = {PaddingWidth}, DilationHeight = {DilationHeight}, DilationWidth = {DilationWidth}, " +
        $"Groups = {Groups}, Activation = {Activation}, NegativeSlope = {NegativeSlope.ToString(System.Globalization.CultureInfo.InvariantCulture)} }}";
}
