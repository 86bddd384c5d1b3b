// The Estafeta password file (estafeta_sasl_password_file): Dovecot passwd-file lines "user:{SCHEME}hash[:...]"
// for people who have no system account. Re-read when it changes; rewritten whole (temp file + rename).
// Trusts: the file's owner (root). Must never: accept a line whose scheme it cannot check, or leave a
// half-written file behind when `estafeta passwd` is interrupted.
using System.Text;

namespace Estafeta.Auth;

/// <summary>A passwd-file password source.</summary>
public sealed class PasswordFile(string path) : IPasswordSource
{
    private readonly Lock _gate = new();
    private Dictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private (DateTime Modified, long Length)? _loaded;

    public string Name => "passwd-file";

    public string Path { get; } = path;

    public string? FindHash(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        Dictionary<string, string> hashes;
        lock (_gate)
        {
            Refresh();
            hashes = _hashes;
        }

        return hashes.TryGetValue(user, out var hash) ? hash : null;
    }

    /// <summary>Parses one line; false for comments, blank lines and lines it cannot use.</summary>
    internal static bool TryParseLine(string line, out string user, out string hash)
    {
        user = hash = string.Empty;
        if (line.Length == 0 || line[0] == '#')
        {
            return false;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        user = line[..colon];
        var rest = line[(colon + 1)..];
        var end = rest.IndexOf(':', StringComparison.Ordinal);
        var field = end < 0 ? rest : rest[..end];

        // Dovecot's default_pass_scheme is CRYPT: a hash without {SCHEME} is a crypt(3) hash.
        var scheme = "CRYPT";
        if (field.StartsWith('{') && field.IndexOf('}', StringComparison.Ordinal) is var close and > 1)
        {
            scheme = field[1..close];
            field = field[(close + 1)..];
        }

        if (!PasswordSchemes.IsKnown(scheme) || !PasswordSchemes.HashFits(scheme, field))
        {
            return false;
        }

        hash = field;
        return true;
    }

    /// <summary>Adds or replaces the line of <paramref name="user"/> (mode 0600 for a new file), keeping every other line.</summary>
    public static void SetPassword(string path, string user, string scheme, string hash)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the password file needs POSIX file modes");
        }

        if (user.AsSpan().IndexOfAny(":\r\n\0") >= 0 || user.Trim() != user)
        {
            throw new ArgumentException("a user name may not contain ':', spaces at its ends or line breaks", nameof(user));
        }

        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
        var entry = $"{user}:{{{scheme}}}{hash}";
        var index = lines.FindIndex(line => line.StartsWith(user + ":", StringComparison.Ordinal));
        if (index >= 0)
        {
            lines[index] = entry;
        }
        else
        {
            lines.Add(entry);
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var mode = File.Exists(path) ? File.GetUnixFileMode(path) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }

    private void Refresh()
    {
        FileInfo info;
        try
        {
            info = new FileInfo(Path);
            if (!info.Exists)
            {
                // No file yet means no users in it (the administrator has not run `estafeta passwd`).
                _hashes = new(StringComparer.Ordinal);
                _loaded = null;
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PasswordSourceException($"cannot read {Path}: {e.Message}", e);
        }

        var stamp = (info.LastWriteTimeUtc, info.Length);
        if (_loaded == stamp)
        {
            return;
        }

        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(Path))
            {
                if (TryParseLine(line.TrimEnd('\r'), out var user, out var hash))
                {
                    hashes[user] = hash;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PasswordSourceException($"cannot read {Path}: {e.Message}", e);
        }

        _hashes = hashes;
        _loaded = stamp;
    }
}
