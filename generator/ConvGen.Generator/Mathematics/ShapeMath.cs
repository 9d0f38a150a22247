using System.Linq;

namespace ConvGen.Generator.Mathematics;

/// <summary>Convolution shape arithmetic shared by the parser, the planner and the tests.</summary>
internal static class ShapeMath
{
    /// <summary>A tensor's dimensions as the span-length messages name them, outermost first: an image's C×H×W, the weights' 64×32×3×3.</summary>
    public static string Dims(params int[] dimensions) => string.Join("×", dimensions.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>PyTorch's output size: floor((n + 2p − d·(k − 1) − 1) / s) + 1, or ≤ 0 when the output is empty.</summary>
    public static int OutputSize(int size, int kernel, int stride, int padding, int dilation)
    {
        long span = (long)size + 2L * padding - EffectiveKernel(kernel, dilation);
        return span < 0 ? 0 : (int)(span / stride + 1);
    }

    /// <summary>The extent a dilated kernel covers: d·(k − 1) + 1.</summary>
    public static long EffectiveKernel(int kernel, int dilation) => (long)dilation * (kernel - 1) + 1;

    public static int CeilDiv(int a, int b) => (a + b - 1) / b;

    public static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }
}
