using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// What every random-shape test class runs: seeds 1 and 2 (in CI), and the seeds <c>CONVGEN_FUZZ_SEEDS</c> names
/// (<c>a-b</c> or <c>a,b,c</c>; none when it is unset) for a longer campaign run locally. A class draws its layers
/// from a seed and checks them in <see cref="CheckSeed"/>; each derived class also carries
/// <c>[Collection(nameof(RandomShapes))]</c>, since its passes change the process-wide thread cap.
/// </summary>
public abstract class RandomShapeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void KernelsOfRandomShapesAreWithinTheBound(int seed) => CheckSeed(seed);

    [CampaignFact]
    public void KernelsOfTheCampaignSeedsAreWithinTheBound() => RandomShapes.CheckCampaignSeeds(CheckSeed);

    /// <summary>Draws the layers of <paramref name="seed"/>, generates, compiles and runs them, and checks every pass.</summary>
    protected abstract void CheckSeed(int seed);
}

/// <summary>
/// A fact that runs only when <c>CONVGEN_FUZZ_SEEDS</c> names seeds, and is reported as skipped otherwise (as in CI),
/// rather than passing after checking nothing.
/// </summary>
public sealed class CampaignFactAttribute : FactAttribute
{
    public CampaignFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable("CONVGEN_FUZZ_SEEDS")))
        {
            Skip = "no campaign: set CONVGEN_FUZZ_SEEDS to a-b or a,b,c to check those seeds";
        }
    }
}
