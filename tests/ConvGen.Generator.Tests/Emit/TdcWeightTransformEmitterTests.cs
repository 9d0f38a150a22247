using ConvGen.Generator.Emit;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Emit;

/// <summary>
/// The pieces of <see cref="TdcWeightTransformEmitter"/> that need no layer: the sums it folds G into and the size of
/// its gather buffer. The transform's values are checked by the kernel tests (every TDC + Winograd layer against the
/// fp64 reference, plain and packed overloads bit for bit) and pinned by the TransposedDcgan snapshot.
/// </summary>
public sealed class TdcWeightTransformEmitterTests
{
    private static readonly Rational Half = new(1, 2);

    [Fact]
    public void SumsLeaveOutZeroCoefficientsAndZeroTaps()
    {
        // (1/2, 1/2, 1/2) over (a, zero tap, c): the zero tap's product is identically zero.
        Assert.Equal("0.5 * a + 0.5 * c", TdcWeightTransformEmitter.Sum([(Half, "a"), (Half, null), (Half, "c")], vector: false));
        // (1, 0, 0): one term, unmultiplied.
        Assert.Equal("a", TdcWeightTransformEmitter.Sum([(Rational.One, "a"), (Rational.Zero, "b"), (Rational.Zero, "c")], vector: false));
        // Nothing left: null, so the caller treats the sum as identically zero.
        Assert.Null(TdcWeightTransformEmitter.Sum([(Half, null), (Rational.Zero, "b")], vector: false));
    }

    [Fact]
    public void NegativeCoefficientsSubtractAndAVectorTermComesFirst()
    {
        Assert.Equal("0.5 * a - 0.5 * b", TdcWeightTransformEmitter.Sum([(Half, "a"), (-Half, "b")], vector: false));
        Assert.Equal("-0.5 * a + c", TdcWeightTransformEmitter.Sum([(-Half, "a"), (Rational.One, "c")], vector: false));
        Assert.Equal("-a * 0.5 + c", TdcWeightTransformEmitter.Sum([(-Half, "a"), (Rational.One, "c")], vector: true));
        Assert.Equal("-a - b", TdcWeightTransformEmitter.Sum([(Rational.MinusOne, "a"), (Rational.MinusOne, "b")], vector: false));
    }

    [Theory]
    [InlineData(36, 24)]   // F(2,3), k = 4: 36 pairs; AVX-512's 24-row tiles
    [InlineData(36, 28)]
    [InlineData(100, 24)]  // F(4,3)
    [InlineData(144, 28)]  // every pair of F(4,3), the most a TDC plan has
    public void TheBufferHoldsWholeTileBlocksAndStaysNearL1(int pairs, int maxTileRows)
    {
        int chunk = TdcWeightTransformEmitter.ChunkFloats(pairs, maxTileRows);
        Assert.True(chunk >= maxTileRows);
        Assert.Equal(0, chunk % maxTileRows);
        // At most 32 KB of floats.
        Assert.True(pairs * chunk <= 8192);
    }
}
