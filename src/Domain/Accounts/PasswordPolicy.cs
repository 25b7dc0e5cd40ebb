namespace ContextKit.Domain.Accounts;

/// <summary>
/// What a password must be: at least 10 characters, not longer than 256, and not one of a few that
/// everyone tries first. Length beats composition rules (NIST SP 800-63B), so there are none.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password123", "password1234", "1234567890", "qwertyuiop", "0123456789", "letmein123", "iloveyou12",
        "passw0rd123", "administrator", "welcome123", "abcdefghij", "contextkit1", "1q2w3e4r5t",
    };

    /// <summary>Null when the password is acceptable, else what is wrong with it.</summary>
    public static string? Check(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
            return $"The password must have at least {MinLength} characters.";
        if (password.Length > MaxLength)
            return $"The password must have at most {MaxLength} characters.";
        if (password.Distinct().Count() < 4 || Common.Contains(password))
            return "The password is too easy to guess; choose a longer or less common one.";
        if (email is not null && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
            return "The password must not contain your email name.";
        return null;
    }
}
