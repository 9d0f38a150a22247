namespace ConvGen.Generator.Model;

/// <summary>
/// A dilated 3×3 stride-1 layer whose padding is a multiple of its dilation, run as one undilated layer,
/// <see cref="Mosaic"/>, on its phase mosaic (<c>KernelPhases</c> in the runtime): output (qy + d_y·j, qx + d_x·i)
/// reads only input phase (qy, qx), so the d_y·d_x phase images, laid out in one plane per channel
/// <see cref="RegionRows"/> rows and <see cref="RegionColumns"/> columns apart with zeros between them, go through one
/// convolution with padding p / d and no dilation, which Winograd can serve.
/// </summary>
/// <param name="PhasesY">d_y: phases along the rows, stacked down the mosaic.</param>
/// <param name="PhasesX">d_x: phases along the columns, side by side in each mosaic row.</param>
/// <param name="RegionRows">R: mosaic rows from one row phase's first row to the next's (<see cref="Planning.PhaseMosaicPlanner"/>).</param>
/// <param name="RegionColumns">Q: mosaic columns from one column phase's first column to the next's.</param>
/// <param name="Mosaic">The undilated layer over the mosaic: d_y·R rows of d_x·Q columns, padding p / d.</param>
internal sealed record PhaseMosaicPlan(int PhasesY, int PhasesX, int RegionRows, int RegionColumns, LayerSpec Mosaic)
{
    public int Phases => PhasesY * PhasesX;
}
