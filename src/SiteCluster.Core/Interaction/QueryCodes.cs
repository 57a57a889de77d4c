using System.Security.Cryptography;
using System.Text;

namespace SiteCluster.Core.Interaction;

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
}
