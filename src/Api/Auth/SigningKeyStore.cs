using System.Security.Cryptography;
using ContextKit.Grains.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ContextKit.Api.Auth;

/// <summary>
/// The key that signs access tokens. Generated once into the keys folder and read from there after,
/// so tokens stay valid across a restart; every node of a cluster reads the same file (or the same
/// Kubernetes secret mounted there).
/// </summary>
public sealed class SigningKeyStore(IOptions<StorageOptions> options)
{
    const string FileName = "token-signing.key";

    readonly Lazy<SymmetricSecurityKey> key = new(() => Load(options.Value.Keys));

    public SymmetricSecurityKey Key => key.Value;

    static SymmetricSecurityKey Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, fresh);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            // Two nodes starting at once on a shared folder: the first rename wins and both read that key.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        var bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
        if (bytes.Length < 32)
            throw new InvalidOperationException($"The token signing key in the keys folder ({FileName}) is shorter than 256 bits; delete it to have a new one generated.");
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }
}
