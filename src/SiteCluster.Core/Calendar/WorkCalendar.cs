using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;

namespace SiteCluster.Core.Calendar;

/// <summary>
/// A day that is not what its weekday says: a public holiday (放假) on a weekday, or a weekend
/// day that is worked (调休上班). Cluster data, installed by the <c>calendar</c> recipe step.
/// </summary>
public sealed class WorkCalendarDay
{
    public DateOnly Date { get; set; }

    /// <summary>True for a worked weekend day (调休); false for a holiday.</summary>
    public bool IsWorkday { get; set; }

    public required string Name { get; set; }

    public int Year { get; set; }
}

/// <summary>
/// Working days (工作日) as the disclosure regulation counts them: Monday to Friday, less the
/// State Council's holidays, plus its adjusted working weekends, as the installed calendar says.
/// A period starts the day after the event (the day of receipt is not counted).
/// </summary>
public sealed class WorkCalendar
{
    private readonly Dictionary<DateOnly, bool> _exceptions;
    private readonly HashSet<int> _years;

    public WorkCalendar(IEnumerable<WorkCalendarDay> days)
    {
        var list = days.ToList();
        _exceptions = list.ToDictionary(d => d.Date, d => d.IsWorkday);
        _years = [.. list.Select(d => d.Year)];
    }

    /// <summary>Whether the installed calendar covers <paramref name="year"/>; without it only weekends are known.</summary>
    public bool Knows(int year) => _years.Contains(year);

    public bool IsWorkingDay(DateOnly date) =>
        _exceptions.TryGetValue(date, out var worked) ? worked : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="start"/>.</summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = start;
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when <paramref name="to"/> is not later).</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The calendar as installed in the database.</summary>
    public static async Task<WorkCalendar> LoadAsync(SiteClusterDbContext db, CancellationToken cancellationToken) =>
        new(await db.WorkCalendarDays.AsNoTracking().ToListAsync(cancellationToken));
}
