using System.Globalization;

namespace SiteCluster.Core;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving): the calendar of 索引号 years, expiry days,
/// scheduled times typed by webmasters, and the dates pages show (<c>YYYY-MM-DD HH:MM</c>).
/// Moments are stored in UTC; this is the one place they meet the Chinese calendar.
/// </summary>
public static class BeijingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Today's date in Beijing.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    public static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.ToOffset(Offset).DateTime);

    public static int YearOf(DateTimeOffset moment) => moment.ToOffset(Offset).Year;

    /// <summary>The UTC moment a Beijing day begins.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    /// <summary>A wall-clock time typed in Beijing, as a moment.</summary>
    public static DateTimeOffset FromLocal(DateTime local) => new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Offset);

    /// <summary>As the national guideline shows dates: <c>yyyy-MM-dd HH:mm</c>, Beijing time.</summary>
    public static string Format(DateTimeOffset moment, string pattern = "yyyy-MM-dd HH:mm") =>
        moment.ToOffset(Offset).ToString(pattern, CultureInfo.InvariantCulture);
}
