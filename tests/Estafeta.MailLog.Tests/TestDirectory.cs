namespace Estafeta.MailLog.Tests;

/// <summary>A fresh directory per test, removed afterwards.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = Directory.CreateTempSubdirectory("estafeta-maillog-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
