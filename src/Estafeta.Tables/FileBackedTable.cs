// A table read from a text file and read again when the file's mtime or size changes.
// Trusts: the file system's mtime/size as the change signal. Must never: serve a half-parsed
// file; a file that fails to parse makes lookups fail (temporary error), not answer "not found".
namespace Estafeta.Tables;

internal abstract class FileBackedTable<TContent> : ILookupTable
    where TContent : class
{
    private readonly Lock _gate = new();
    private TContent? _content;
    private DateTime _loadedWriteTime;
    private long _loadedLength = -1;

    protected FileBackedTable(string name, string path)
    {
        Name = name;
        Path = path;
        _ = Current();
    }

    public string Name { get; }

    protected string Path { get; }

    public string? Lookup(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Find(Current(), key);
    }

    protected abstract TContent Load(IReadOnlyList<TextSourceLine> lines);

    protected abstract string? Find(TContent content, string key);

    protected LookupTableException BadLine(TextSourceLine line, string expected) =>
        new($"{Path}, line {line.Number}: {expected}");

    private TContent Current()
    {
        var info = new FileInfo(Path);
        if (!info.Exists)
        {
            throw new LookupTableException($"open {Path}: No such file or directory ({Name})");
        }

        lock (_gate)
        {
            if (_content is null || info.LastWriteTimeUtc != _loadedWriteTime || info.Length != _loadedLength)
            {
                // Stat first, then read: a write that lands during the read changes the mtime again,
                // so the next lookup reads the file once more.
                _content = Load(TextSourceReader.ReadLogicalLines(Path));
                _loadedWriteTime = info.LastWriteTimeUtc;
                _loadedLength = info.Length;
            }

            return _content;
        }
    }
}
