using System.Diagnostics;

namespace Estafeta.Pickup.Tests;

public sealed class InvokedProgramNameTests
{
    [Theory]
    [InlineData("mailq", new string[0], 256 + SendmailProgram.ShowQueueRequested)]
    [InlineData("newaliases", new string[0], 256 + SendmailProgram.NewAliasesRequested)]
    [InlineData("sendmail", new[] { "-bp" }, 256 + SendmailProgram.ShowQueueRequested)]
    [InlineData("sendmail", new[] { "-bh" }, 0)]
    public async Task The_name_of_a_symbolic_link_chooses_the_personality(string linkName, string[] args, int exitCode)
    {
        using var dir = new TempDirectory();
        var link = Path.Combine(dir.Path, linkName);
        File.CreateSymbolicLink(link, Path.Combine(AppContext.BaseDirectory, "SendmailProbe"));
        var start = new ProcessStartInfo(link) { RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in (string[])[dir.Path, "0", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(exitCode == process.ExitCode, await error);
    }

    [Theory]
    [InlineData("sendmail", true)]
    [InlineData("mailq", true)]
    [InlineData("newaliases", true)]
    [InlineData("estafeta", false)]
    public void Sendmail_names(string name, bool expected) => Assert.Equal(expected, InvokedProgramName.IsSendmailName(name));
}
