using System.Diagnostics;
using System.Globalization;

namespace SiteCluster.Bench;

/// <summary>Latency figures of repeated requests: warm-up first, then each request timed alone.</summary>
public static class Measure
{
    public sealed record Figures(string Name, int Count, double MeanMs, double P50Ms, double P95Ms, double MaxMs)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"| {Name} | {Count} | {MeanMs:0.0} | {P50Ms:0.0} | {P95Ms:0.0} | {MaxMs:0.0} |");
    }

    public static async Task<Figures> LatencyAsync(string name, int count, Func<Task> request, int warmUp = 10)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await request();
        }

        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await request();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return new Figures(name, count, times.Average(), Percentile(times, 0.50), Percentile(times, 0.95), times[^1]);
    }

    public static string Header => "| request | n | mean ms | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|---|";

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
