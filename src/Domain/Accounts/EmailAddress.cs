using System.Net.Mail;

namespace ContextKit.Domain.Accounts;

/// <summary>Email addresses as account keys: trimmed and lower-cased, so sign-up is unique whatever the spelling.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = (input ?? "").Trim().ToLowerInvariant();
        if (normalized.Length is 0 or > MaxLength || normalized.Contains(' ') || normalized.Contains('/'))
            return false;
        return MailAddress.TryCreate(normalized, out var address) && address.Address == normalized && normalized.Contains('.');
    }
}
