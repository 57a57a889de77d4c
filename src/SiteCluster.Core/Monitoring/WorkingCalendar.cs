namespace SiteCluster.Core.Monitoring;

/// <summary>
/// Working days as the monitoring rules count them: Monday to Friday of the Beijing calendar.
/// Public holidays and their make-up working days (调休) are not known here and are ignored
/// (docs/decisions.md, Monitoring).
/// </summary>
public static class WorkingCalendar
{
    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The <paramref name="days"/>th working day after <paramref name="from"/> (<paramref name="from"/> itself when 0).</summary>
    public static DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = from;
        for (var left = days; left > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                left--;
            }
        }

        return day;
    }
}
