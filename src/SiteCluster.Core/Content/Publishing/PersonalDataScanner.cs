using System.Text;
using System.Text.RegularExpressions;

namespace SiteCluster.Core.Content.Publishing;

public enum PersonalDataKind
{
    /// <summary>Mainland resident ID card number (18 characters, valid date and check digit).</summary>
    IdCard,

    /// <summary>Mainland mobile phone number.</summary>
    Mobile,

    /// <summary>Bank card number (16–19 digits passing the Luhn check).</summary>
    BankCard,
}

/// <summary>Personal data found in text: what, where, and how it reads masked.</summary>
public sealed record PersonalDataMatch(PersonalDataKind Kind, int Index, int Length, string Masked);

/// <summary>
/// Finds personal data that must be de-identified before publishing (RULES.md §4): ID card
/// numbers (checked by date and GB 11643 check digit, so a document serial is not flagged),
/// mobile numbers, and bank card numbers (Luhn). Digits run into longer numbers are not matched.
/// </summary>
public static partial class PersonalDataScanner
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckCharacters = "10X98765432";

    public static IReadOnlyList<PersonalDataMatch> Scan(string text)
    {
        var matches = new List<PersonalDataMatch>();
        foreach (Match m in IdRegex().Matches(text))
        {
            if (IsValidIdCard(m.Value))
            {
                matches.Add(new PersonalDataMatch(PersonalDataKind.IdCard, m.Index, m.Length, $"{m.Value[..6]}********{m.Value[14..]}"));
            }
        }

        foreach (Match m in MobileRegex().Matches(text))
        {
            var digits = Digits(m.Value);
            if (!Overlaps(matches, m))
            {
                matches.Add(new PersonalDataMatch(PersonalDataKind.Mobile, m.Index, m.Length, $"{digits[..3]}****{digits[7..]}"));
            }
        }

        foreach (Match m in BankCardRegex().Matches(text))
        {
            var digits = Digits(m.Value);
            if (digits.Length is >= 16 and <= 19 && PassesLuhn(digits) && !Overlaps(matches, m))
            {
                matches.Add(new PersonalDataMatch(PersonalDataKind.BankCard, m.Index, m.Length, $"{new string('*', digits.Length - 4)}{digits[^4..]}"));
            }
        }

        return [.. matches.OrderBy(x => x.Index)];
    }

    /// <summary>The text with every match replaced by its masked form.</summary>
    public static string Mask(string text)
    {
        var builder = new StringBuilder(text);
        foreach (var match in Scan(text).OrderByDescending(m => m.Index))
        {
            builder.Remove(match.Index, match.Length).Insert(match.Index, match.Masked);
        }

        return builder.ToString();
    }

    public static bool IsValidIdCard(string id)
    {
        if (id.Length != 18 || !DateOnly.TryParseExact(id[6..14], "yyyyMMdd", out var birth) || birth.Year < 1900)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return false;
            }

            sum += (id[i] - '0') * IdWeights[i];
        }

        return char.ToUpperInvariant(id[17]) == IdCheckCharacters[sum % 11];
    }

    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    private static bool Overlaps(List<PersonalDataMatch> found, Match m) =>
        found.Any(f => m.Index < f.Index + f.Length && f.Index < m.Index + m.Length);

    private static string Digits(string value) => new([.. value.Where(char.IsAsciiDigit)]);

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"(?<![0-9])1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])")]
    private static partial Regex MobileRegex();

    [GeneratedRegex(@"(?<![0-9])\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?![0-9])")]
    private static partial Regex BankCardRegex();
}
