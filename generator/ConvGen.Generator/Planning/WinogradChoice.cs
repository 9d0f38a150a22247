using System.Collections.Generic;
using ConvGen.Generator.Mathematics;

namespace ConvGen.Generator.Planning;

/// <summary>
/// The cycle model's verdict on one 3×3 stride-1 layer: every candidate Winograd plan priced, the cheapest, and the
/// direct plan it has to beat. Built by <see cref="WinogradPlanner.Choose"/>.
/// </summary>
internal sealed class WinogradChoice
{
    public WinogradChoice(IReadOnlyList<WinogradCycleEstimate> candidates, WinogradCycleEstimate best, double directCycles)
    {
        Candidates = candidates;
        Best = best;
        DirectCycles = directCycles;
    }

    /// <summary>One estimate per candidate tile, in increasing m.</summary>
    public IReadOnlyList<WinogradCycleEstimate> Candidates { get; }

    /// <summary>The candidate with the fewest predicted cycles.</summary>
    public WinogradCycleEstimate Best { get; }

    /// <summary>Predicted cycles of the direct kernel.</summary>
    public double DirectCycles { get; }

    /// <summary><see cref="Best"/>'s cycles over direct's.</summary>
    public double Ratio => Best.Total / DirectCycles;

    /// <summary>True when <see cref="Best"/> beats direct by the model's margin.</summary>
    public bool WinogradPays => WinogradCostModel.WinogradPays(Best.Total, DirectCycles);
}
