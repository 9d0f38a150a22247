using System;

namespace ConvGen.Reference;

/// <summary>A 2-D convolution layer described at run time, for the generic kernels in <see cref="GenericConv"/>.</summary>
public readonly record struct Conv2DShape(
    int InChannels, int OutChannels, int Height, int Width,
    int KernelHeight, int KernelWidth,
    int StrideHeight = 1, int StrideWidth = 1,
    int PaddingHeight = 0, int PaddingWidth = 0,
    int DilationHeight = 1, int DilationWidth = 1,
    int Groups = 1, Activation Activation = Activation.None)
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

    /// <summary>Throws when the shape is not a valid layer.</summary>
    public void Validate()
    {
        if (InChannels < 1 || OutChannels < 1 || Height < 1 || Width < 1 || KernelHeight < 1 || KernelWidth < 1 ||
            StrideHeight < 1 || StrideWidth < 1 || DilationHeight < 1 || DilationWidth < 1 || Groups < 1 ||
            PaddingHeight < 0 || PaddingWidth < 0)
        {
            throw new ArgumentException($"Invalid convolution shape {this}.");
        }
        if (InChannels % Groups != 0 || OutChannels % Groups != 0)
        {
            throw new ArgumentException($"Channels ({InChannels}, {OutChannels}) are not divisible by groups ({Groups}).");
        }
        if (OutHeight < 1 || OutWidth < 1)
        {
            throw new ArgumentException($"The kernel is larger than the padded input in {this}.");
        }
    }
}
