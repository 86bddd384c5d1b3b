using System.Diagnostics;
using System.Globalization;
using System.Text;
using Estafeta.TestKit;

namespace Estafeta.IntegrationTests;

/// <summary>
/// An ordinary Unix account made for one test (useradd, with a home inside the test's folder) and removed at the
/// end (userdel), so tests can do what a person on the machine would: run `mail` as that user, read their mailbox.
/// </summary>
internal sealed class TestUser : IDisposable
{
    private TestUser(string name, uint userId, uint groupId, string home)
    {
        Name = name;
        UserId = userId;
        GroupId = groupId;
        Home = home;
    }

    public string Name { get; }

    public uint UserId { get; }

    public uint GroupId { get; }

    public string Home { get; }

    /// <summary>Creates the account; its home is HOMEROOT/NAME, owned by the user.</summary>
    public static TestUser Create(string homeRoot)
    {
        var name = "est" + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var home = Path.Combine(homeRoot, name);
        Directory.CreateDirectory(home);
        UserAccountTools.Run("useradd", "-M", "-N", "-g", "users", "-s", "/bin/sh", "-d", home, name);
        var id = Run("id", "-u", name).Trim();
        var gid = Run("id", "-g", name).Trim();
        Run("chown", $"{name}:users", home);
        return new TestUser(name, uint.Parse(id, CultureInfo.InvariantCulture), uint.Parse(gid, CultureInfo.InvariantCulture), home);
    }

    /// <summary>The command line prefix that runs a program as this user with a clean environment.</summary>
    public IEnumerable<string> AsUser(IReadOnlyDictionary<string, string> environment)
    {
        yield return "--reuid=" + UserId.ToString(CultureInfo.InvariantCulture);
        yield return "--regid=" + GroupId.ToString(CultureInfo.InvariantCulture);
        yield return "--init-groups";
        yield return "--";
        yield return "/usr/bin/env";
        yield return "-i";
        yield return "HOME=" + Home;
        yield return "USER=" + Name;
        yield return "LOGNAME=" + Name;
        yield return "PATH=/usr/bin:/bin:/usr/sbin:/sbin";
        foreach (var (key, value) in environment)
        {
            yield return key + "=" + value;
        }
    }

    public void Dispose()
    {
        try
        {
            UserAccountTools.Run("userdel", Name);
        }
        catch (InvalidOperationException)
        {
        }
    }

    internal static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error}");
    }
}

/// <summary>Runs programs with input on stdin and a time limit (bsd-mailx, mutt under script(1), python3).</summary>
internal static class Tool
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string program, IEnumerable<string> arguments, string standardInput, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Python 3 reading a mailbox: one JSON object per message with the headers and body the test checks.</summary>
    public static async Task<string> PythonAsync(string script, params string[] arguments)
    {
        var (code, output, error) = await RunAsync("python3", ["-c", script, .. arguments], "", TimeSpan.FromSeconds(30));
        return code == 0 ? output : throw new InvalidOperationException("python3 failed: " + error);
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
