using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Generated forward kernels against the independent fp64 reference (per-element bound κ·2^-23·Σ|w·x|, κ = 4),
/// and against the exact vectors with tolerance 0.
/// </summary>
public sealed class ForwardNumericsTests : GuardedKernelTests
{
    public static TheoryData<string> Layers => new(LayerCatalog.All.Select(l => l.Name));

    public static TheoryData<string> Vectors => new(LayerCatalog.Vectors.Keys);

    [Theory]
    [MemberData(nameof(Layers))]
    public void GeneratedKernelIsWithinTheDirectBoundOfFp64(string name)
    {
        LayerCase layer = LayerCatalog.Find(name);
        for (int seed = 1; seed <= 3; seed++)
        {
            string? failure = ForwardChecks.CheckAgainstFp64(layer, seed);
            Assert.True(failure is null, failure);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void GeneratedKernelReproducesTheExactVector(string name)
    {
        string? failure = ForwardChecks.CheckVector(name);
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void CatalogCoversEveryVectorOfTheForwardKinds()
    {
        string[] files = ConvGen.Tests.Reference.TestVectors.Names().Where(n => n.StartsWith("conv2d_") || n.StartsWith("dw")).ToArray();
        Assert.Equal(files.OrderBy(n => n), LayerCatalog.Vectors.Keys.OrderBy(n => n));
    }
}
