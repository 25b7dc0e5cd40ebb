using System.Security.Cryptography;
using System.Text;

namespace ContextKit.Grains.Storage;

/// <summary>
/// Turns any key (a branch name, a grain key) into one file or folder name: letters, digits, '_', '-'
/// and inner '.' stay, every other byte is %-escaped, so '/' cannot climb folders and two keys never
/// share a name. Names that would be too long for a file system become a hash.
/// </summary>
public static class SafeFileName
{
    const int MaxLength = 180;

    public static string From(string key)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' || (c == '.' && builder.Length > 0))
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.Length <= MaxLength ? builder.ToString() : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
