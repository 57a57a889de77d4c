using System.Diagnostics;
using System.Globalization;

namespace SiteCluster.Bench;

/// <summary>A closed-loop load: N connections, each sending its next GET when the last answer is read in full.</summary>
public static class Load
{
    /// <summary>
    /// One measured load. <paramref name="CpuSeconds"/> is the CPU time the whole process (server
    /// and client) used meanwhile: per request it moves far less than requests per second when
    /// something else on the machine takes a turn. <paramref name="MethodsJitted"/> and
    /// <paramref name="JitSeconds"/> show whether the JIT was still at work (the load was not yet
    /// at steady state); <paramref name="AllocatedBytes"/> is the managed heap allocation meanwhile.
    /// </summary>
    public sealed record Result(string Name, long Requests, long Errors, double Seconds, double P50Ms, double P95Ms, double P99Ms, double CpuSeconds, long MethodsJitted, double JitSeconds, long AllocatedBytes)
    {
        public double RequestsPerSecond => Requests / Seconds;

        public double CpuMicrosecondsPerRequest => Requests == 0 ? double.NaN : CpuSeconds * 1e6 / Requests;

        /// <summary>Bytes allocated on the managed heap per request, by server and client together.</summary>
        public double KilobytesAllocatedPerRequest => Requests == 0 ? double.NaN : AllocatedBytes / 1024.0 / Requests;

        public string Row(double rawRequestsPerSecond) => string.Create(CultureInfo.InvariantCulture,
            $"| {Name} | {RequestsPerSecond:0} | {RequestsPerSecond / rawRequestsPerSecond:0.00} | {P50Ms:0.00} | {P95Ms:0.00} | {P99Ms:0.00} | {Errors} | {CpuMicrosecondsPerRequest:0} |");
    }

    public static string Header => "| what | requests/s | ratio to raw | p50 ms | p95 ms | p99 ms | errors | CPU µs/request |\n|---|---|---|---|---|---|---|---|";

    /// <summary>
    /// Runs the load for <paramref name="warmUp"/> unmeasured (2 s unless given), then for
    /// <paramref name="duration"/> measured.
    /// </summary>
    public static async Task<Result> RunAsync(string name, Uri url, int connections, TimeSpan duration, TimeSpan? warmUp = null)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        await RunWorkersAsync(client, url, connections, warmUp ?? TimeSpan.FromSeconds(2));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var jittedBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var (latencies, errors, elapsed) = await RunWorkersAsync(client, url, connections, duration);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jittedBefore;
        var jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        latencies.Sort();
        double At(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        return new Result(name, latencies.Count, errors, elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99), cpu.TotalSeconds, jitted, jitTime.TotalSeconds, allocated);
    }

    private static async Task<(List<double> Latencies, long Errors, TimeSpan Elapsed)> RunWorkersAsync(HttpClient client, Uri url, int connections, TimeSpan duration)
    {
        long errors = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            return mine;
        }).ToList();
        var lists = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return ([.. lists.SelectMany(l => l)], errors, elapsed);
    }
}
