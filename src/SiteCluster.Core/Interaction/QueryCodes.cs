using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace SiteCluster.Core.Interaction;

/// <summary>A citizen's record followed by a tracking number and a query code (an application, a message).</summary>
public interface ITrackedRecord
{
    Guid Id { get; }

    string TrackingNumber { get; }

    string CodeHash { get; }
}

/// <summary>
/// The secret code a citizen gets with a tracking number (an application, a message): 8
/// characters without look-alikes (no 0/O, 1/I), shown once, stored as a hash salted with the
/// record's id, compared in constant time.
/// </summary>
public static class QueryCodes
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string New() => string.Create(8, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });

    public static string Hash(Guid id, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{id:N}:{code.Trim().ToUpperInvariant()}")));

    /// <summary>Whether <paramref name="code"/> is the one hashed as <paramref name="hash"/>; takes as long when there is no record (<paramref name="hash"/> null).</summary>
    public static bool Matches(Guid id, string? hash, string code) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(hash ?? new string('0', 64)),
            Encoding.ASCII.GetBytes(Hash(id, code))) && hash is not null;

    /// <summary>The next number of the site's records under <paramref name="prefix"/> (e.g. <c>YSQ2026</c>): the prefix and a 5-digit serial.</summary>
    public static async Task<string> NextNumberAsync<T>(IQueryable<T> records, string prefix, CancellationToken cancellationToken)
        where T : class, ITrackedRecord
    {
        var serial = await records.CountAsync(r => r.TrackingNumber.StartsWith(prefix), cancellationToken) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{serial:00000}");
    }

    /// <summary>The record a citizen asks for with its number and code; null unless both match (case and spaces ignored).</summary>
    public static async Task<T?> FindAsync<T>(IQueryable<T> records, string? trackingNumber, string? code, CancellationToken cancellationToken)
        where T : class, ITrackedRecord
    {
        if (string.IsNullOrWhiteSpace(trackingNumber) || string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var number = trackingNumber.Trim().ToUpperInvariant();
        var record = await records.AsNoTracking().SingleOrDefaultAsync(r => r.TrackingNumber == number, cancellationToken);
        return Matches(record?.Id ?? Guid.Empty, record?.CodeHash, code) ? record : null;
    }
}
