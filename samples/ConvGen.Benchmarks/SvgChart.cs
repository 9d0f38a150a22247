using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;

namespace ConvGen.Benchmarks;

/// <summary>
/// A hand-written SVG horizontal bar chart of the quick results: per layer, GFLOP/s of ConvGen (1 thread and all
/// threads), the generic GEMM kernel (Im2ColGemmConv; GemmCol2ImConvTranspose for transposed rows) and the naive
/// kernel, with the 1-thread FMA peak as a dashed line and oneDNN's figures (when given) as black ticks on the
/// matching ConvGen bars.
/// </summary>
internal static class SvgChart
{
    private const int Left = 240, Right = 30, Top = 74, Bottom = 44, Width = 1100;
    private const int Bar = 7, BarGap = 1, GroupGap = 12;

    private static readonly (string Label, string Colour)[] Series =
    [
        ("ConvGen, 1 thread", "#2166ac"),
        ("ConvGen, {0} threads", "#67a9cf"),
        ("generic GEMM (1 thread)", "#ef8a62"),
        ("naive generic (1 thread)", "#999999"),
    ];

    public static string Render(IReadOnlyList<QuickResult> results, int threads, double peakPerThread)
    {
        bool multi = threads > 1;
        int bars = multi ? 4 : 3;
        int[] seriesIndex = multi ? [0, 1, 2, 3] : [0, 2, 3];
        int group = bars * (Bar + BarGap) - BarGap + GroupGap;
        int plotHeight = Math.Max(group * results.Count, 40);
        int height = Top + plotHeight + Bottom;
        int plotWidth = Width - Left - Right;

        double Value(QuickResult r, int series) => series switch
        {
            0 => r.ConvGen1.Gflops(r.Layer.Flops),
            1 => r.ConvGenN.Gflops(r.Layer.Flops),
            2 => r.Gemm.Gflops(r.Layer.Flops),
            _ => r.Naive.Gflops(r.Layer.Flops),
        };
        double max = peakPerThread;
        foreach (QuickResult r in results)
        {
            foreach (int s in seriesIndex)
            {
                max = Math.Max(max, Finite(Value(r, s)));
            }
            max = Math.Max(max, Math.Max(Finite(r.OneDnn1), Finite(r.OneDnnN)));
        }
        double step = NiceStep(max / 8);
        double axisMax = Math.Ceiling(max / step) * step;
        double X(double gflops) => Left + gflops / axisMax * plotWidth;

        var svg = new StringBuilder();
        void Line(string text) => svg.Append(text).Append('\n');
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        Line($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">");
        Line($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>");
        Line($"<text x=\"{Left}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">ConvGen quick benchmark: GFLOP/s per layer (median; higher is better)</text>");

        // Legend.
        int lx = Left;
        foreach (int s in seriesIndex)
        {
            string label = string.Format(CultureInfo.InvariantCulture, Series[s].Label, threads);
            Line($"<rect x=\"{lx}\" y=\"32\" width=\"12\" height=\"10\" fill=\"{Series[s].Colour}\"/>");
            Line($"<text x=\"{lx + 16}\" y=\"41\">{Escape(label)}</text>");
            lx += 30 + label.Length * 7;
        }
        bool oneDnn = results.Any(r => double.IsFinite(r.OneDnn1) || double.IsFinite(r.OneDnnN));
        if (oneDnn)
        {
            Line($"<line x1=\"{lx + 6}\" y1=\"30\" x2=\"{lx + 6}\" y2=\"44\" stroke=\"black\" stroke-width=\"2\"/>");
            Line($"<text x=\"{lx + 12}\" y=\"41\">oneDNN (same thread count)</text>");
        }
        Line($"<line x1=\"{Left}\" y1=\"56\" x2=\"{Left + 18}\" y2=\"56\" stroke=\"#b2182b\" stroke-dasharray=\"4,3\"/>");
        Line($"<text x=\"{Left + 24}\" y=\"60\">FP32 FMA peak, 1 thread ({F(peakPerThread)} GFLOP/s)</text>");

        // Grid and axis.
        for (double v = 0; v <= axisMax + 1e-9; v += step)
        {
            double x = X(v);
            Line($"<line x1=\"{F(x)}\" y1=\"{Top - 4}\" x2=\"{F(x)}\" y2=\"{Top + plotHeight}\" stroke=\"#e0e0e0\"/>");
            Line($"<text x=\"{F(x)}\" y=\"{Top + plotHeight + 14}\" text-anchor=\"middle\">{F(v)}</text>");
        }
        Line($"<text x=\"{Left + plotWidth / 2}\" y=\"{height - 10}\" text-anchor=\"middle\">GFLOP/s</text>");
        double peakX = X(peakPerThread);
        Line($"<line x1=\"{F(peakX)}\" y1=\"{Top - 4}\" x2=\"{F(peakX)}\" y2=\"{Top + plotHeight}\" stroke=\"#b2182b\" stroke-dasharray=\"4,3\"/>");

        // Bars.
        for (int i = 0; i < results.Count; i++)
        {
            QuickResult r = results[i];
            int y0 = Top + i * group;
            double labelY = y0 + (bars * (Bar + BarGap) - BarGap) / 2.0 + 4;
            Line($"<text x=\"{Left - 8}\" y=\"{F(labelY)}\" text-anchor=\"end\"{(r.Ok ? "" : " fill=\"#b2182b\"")}>{Escape(r.Layer.Name)}{(r.Ok ? "" : " (MISMATCH)")}</text>");
            for (int b = 0; b < bars; b++)
            {
                int s = seriesIndex[b];
                double value = Value(r, s);
                int y = y0 + b * (Bar + BarGap);
                if (!double.IsFinite(value))
                {
                    Line($"<text x=\"{Left + 3}\" y=\"{y + Bar}\" font-size=\"8\" fill=\"#777\">not measured</text>");
                    continue;
                }
                double w = Math.Max(0.5, X(value) - Left);
                Line($"<rect x=\"{Left}\" y=\"{y}\" width=\"{F(w)}\" height=\"{Bar}\" fill=\"{Series[s].Colour}\"><title>{Escape(r.Layer.Name)}: {F(value)} GFLOP/s</title></rect>");
                Line($"<text x=\"{F(Left + w + 3)}\" y=\"{y + Bar}\" font-size=\"8\">{(value < 10 ? value.ToString("0.##", CultureInfo.InvariantCulture) : F(value))}</text>");
                double reference = s == 0 ? r.OneDnn1 : s == 1 ? r.OneDnnN : double.NaN;
                if (double.IsFinite(reference))
                {
                    double x = X(reference);
                    Line($"<line x1=\"{F(x)}\" y1=\"{y - 1}\" x2=\"{F(x)}\" y2=\"{y + Bar + 1}\" stroke=\"black\" stroke-width=\"2\"><title>oneDNN: {F(reference)} GFLOP/s</title></line>");
                }
            }
        }
        Line($"<line x1=\"{Left}\" y1=\"{Top - 4}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>");
        Line("</svg>");
        return svg.ToString();
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(raw, 1e-9))));
        foreach (double m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * power >= raw)
            {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
