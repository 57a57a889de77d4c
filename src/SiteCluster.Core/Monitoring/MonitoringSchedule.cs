using Cronos;

namespace SiteCluster.Core.Monitoring;

/// <summary>When the next scheduled monitoring run is due: a cron expression read in Beijing time.</summary>
public static class MonitoringSchedule
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.CreateCustomTimeZone("China Standard Time (fixed)", BeijingTime.Offset, "北京时间", "北京时间");

    /// <summary>The next time after <paramref name="now"/>; null when there is no schedule.</summary>
    /// <exception cref="CronFormatException">The expression is not a five-field cron expression.</exception>
    public static DateTimeOffset? Next(string? schedule, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(schedule) ? null : CronExpression.Parse(schedule.Trim()).GetNextOccurrence(now, Beijing);
}
