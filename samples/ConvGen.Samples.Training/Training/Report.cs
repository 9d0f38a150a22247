using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ConvGen.Samples.Training.Training;

/// <summary>One trained variant: its network and per-epoch results.</summary>
internal sealed record VariantRun(string Name, long Parameters, double MegaFlops, IReadOnlyList<EpochResult> Epochs);

/// <summary>The closing table (DSXplore Table IV's shape) and the SVG of the loss and accuracy curves.</summary>
internal static class Report
{
    public static string Table(IEnumerable<VariantRun> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("| Model | Params | MFLOPs | Test accuracy | s/epoch |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (VariantRun run in runs)
        {
            EpochResult last = run.Epochs[^1];
            double seconds = run.Epochs.Average(e => e.Seconds);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Name} | {run.Parameters / 1000.0:0.#}K | {run.MegaFlops:0.##} | {last.TestAccuracy * 100:0.00}% | {seconds:0.0} |"));
        }
        return text.ToString();
    }

    /// <summary>Two panels (loss; accuracy) with one train and one test line per variant.</summary>
    public static string Svg(IReadOnlyList<VariantRun> runs)
    {
        const int width = 900, height = 380, left = 60, top = 40, panel = 360, plotHeight = 280, gap = 80;
        string[] colours = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd" };
        int epochs = runs.Max(r => r.Epochs.Count);
        var svg = new StringBuilder();
        svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        svg.AppendLine("<text x=\"450\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">ConvGen training on Fashion-MNIST (solid: test, dashed: train)</text>");

        void Panel(int x0, string title, Func<EpochResult, double> train, Func<EpochResult, double> test, bool percent)
        {
            double[] values = runs.SelectMany(r => r.Epochs.SelectMany(e => new[] { train(e), test(e) })).ToArray();
            double min = values.Min(), max = values.Max();
            double pad = (max - min) * 0.1 + 1e-9;
            min -= pad;
            max += pad;
            double X(int epoch) => x0 + (epochs == 1 ? panel / 2.0 : (epoch - 1) * (double)panel / (epochs - 1));
            double Y(double v) => top + plotHeight - (v - min) / (max - min) * plotHeight;
            svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{x0}\" y=\"{top}\" width=\"{panel}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#888\"/>"));
            svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x0 + panel / 2}\" y=\"{top - 6}\" text-anchor=\"middle\">{title}</text>"));
            for (int i = 0; i <= 4; i++)
            {
                double v = min + (max - min) * i / 4;
                string label = percent ? $"{v * 100:0.0}%" : $"{v:0.000}";
                svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x0 - 4}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\" font-size=\"10\">{label}</text>"));
            }
            for (int e = 1; e <= epochs; e++)
            {
                svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{X(e):0.#}\" y=\"{top + plotHeight + 14}\" text-anchor=\"middle\" font-size=\"10\">{e}</text>"));
            }
            svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x0 + panel / 2}\" y=\"{top + plotHeight + 30}\" text-anchor=\"middle\">epoch</text>"));
            for (int r = 0; r < runs.Count; r++)
            {
                string colour = colours[r % colours.Length];
                foreach ((Func<EpochResult, double> f, string dash) in new[] { (test, ""), (train, " stroke-dasharray=\"5,4\"") })
                {
                    string points = string.Join(" ", runs[r].Epochs.Select(e => string.Create(CultureInfo.InvariantCulture, $"{X(e.Epoch):0.#},{Y(f(e)):0.#}")));
                    svg.AppendLine($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>");
                    foreach (EpochResult e in runs[r].Epochs)
                    {
                        svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<circle cx=\"{X(e.Epoch):0.#}\" cy=\"{Y(f(e)):0.#}\" r=\"2.5\" fill=\"{colour}\"/>"));
                    }
                }
            }
        }

        Panel(left, "cross-entropy loss", e => e.TrainLoss, e => e.TestLoss, percent: false);
        Panel(left + panel + gap, "accuracy", e => e.TrainAccuracy, e => e.TestAccuracy, percent: true);
        for (int r = 0; r < runs.Count; r++)
        {
            int y = height - 14 - 16 * (runs.Count - 1 - r);
            svg.AppendLine($"<rect x=\"{left}\" y=\"{y - 9}\" width=\"14\" height=\"4\" fill=\"{colours[r % colours.Length]}\"/>");
            svg.AppendLine($"<text x=\"{left + 20}\" y=\"{y - 4}\">{System.Security.SecurityElement.Escape(runs[r].Name)}</text>");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
