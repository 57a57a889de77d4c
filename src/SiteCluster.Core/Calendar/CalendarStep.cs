using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Recipes;

namespace SiteCluster.Core.Calendar;

/// <summary>
/// <c>calendar</c>: installs the holidays and adjusted working days of the years a file lists
/// (<c>{"name": "calendar", "file": "calendar/china.json"}</c>); each listed year replaces what
/// was installed for it, other years stay.
/// </summary>
public sealed class CalendarStep(SiteClusterPaths paths) : RecipeStep<CalendarStep.Data>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override string Name => "calendar";

    public sealed class Data : RecipeStepData
    {
        public string? File { get; set; }

        internal List<WorkCalendarDay> Days { get; } = [];

        internal HashSet<int> Years { get; } = [];
    }

    protected override async Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        if (await validation.ReadNamedFileAsync(paths, "file", data.File, "calendar/china.json", cancellationToken) is not { } text)
        {
            return;
        }

        CalendarFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CalendarFile>(text, Json);
        }
        catch (JsonException ex)
        {
            validation.AddError("file", $"'{data.File}' is not a calendar: {ex.Message}");
            return;
        }

        var years = file?.Years ?? [];
        for (var y = 0; y < years.Count; y++)
        {
            var year = years[y];
            var field = $"years[{y}]";
            if (year.Year is < 2000 or > 2100 || !data.Years.Add(year.Year))
            {
                validation.AddError($"{field}.year", "must be a year from 2000 to 2100, listed once");
                continue;
            }

            for (var h = 0; h < (year.Holidays?.Count ?? 0); h++)
            {
                var holiday = year.Holidays![h];
                if (string.IsNullOrWhiteSpace(holiday.Name))
                {
                    validation.AddError($"{field}.holidays[{h}].name", "is required");
                }

                if (Date(holiday.From, year.Year) is not { } from || Date(holiday.To, year.Year) is not { } to || to < from)
                {
                    validation.AddError($"{field}.holidays[{h}]", $"from and to must be dates (yyyy-MM-dd) of {year.Year}, from not after to");
                    continue;
                }

                for (var d = from; d <= to; d = d.AddDays(1))
                {
                    data.Days.Add(new WorkCalendarDay { Date = d, IsWorkday = false, Name = holiday.Name ?? string.Empty, Year = year.Year });
                }
            }

            for (var w = 0; w < (year.Workdays?.Count ?? 0); w++)
            {
                if (Date(year.Workdays![w], year.Year) is not { } day || day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    validation.AddError($"{field}.workdays[{w}]", $"must be a Saturday or Sunday of {year.Year} (yyyy-MM-dd)");
                    continue;
                }

                data.Days.Add(new WorkCalendarDay { Date = day, IsWorkday = true, Name = "调休上班", Year = year.Year });
            }
        }

        foreach (var duplicate in data.Days.GroupBy(d => d.Date).Where(g => g.Count() > 1))
        {
            validation.AddError("years", $"{duplicate.Key:yyyy-MM-dd} is listed twice");
        }
    }

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Db;
        var (created, updated, unchanged) = (0, 0, 0);
        foreach (var year in data.Years)
        {
            var installed = await db.WorkCalendarDays.Where(d => d.Year == year).ToListAsync(cancellationToken);
            var wanted = data.Days.Where(d => d.Year == year).ToList();
            var same = installed.Count == wanted.Count && wanted.All(w => installed.Any(i => i.Date == w.Date && i.IsWorkday == w.IsWorkday && i.Name == w.Name));
            if (same)
            {
                unchanged++;
                continue;
            }

            db.WorkCalendarDays.RemoveRange(installed);
            db.WorkCalendarDays.AddRange(wanted);
            if (installed.Count == 0)
            {
                created++;
            }
            else
            {
                updated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (created, updated, unchanged);
    }

    private static DateOnly? Date(string? text, int year) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year == year ? date : null;

    private sealed class CalendarFile
    {
        public List<CalendarYear>? Years { get; set; }
    }

    private sealed class CalendarYear
    {
        public int Year { get; set; }

        public List<CalendarHoliday>? Holidays { get; set; }

        public List<string>? Workdays { get; set; }
    }

    private sealed class CalendarHoliday
    {
        public string? Name { get; set; }

        public string? From { get; set; }

        public string? To { get; set; }
    }
}
