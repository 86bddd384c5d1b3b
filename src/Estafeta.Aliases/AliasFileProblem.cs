namespace Estafeta.Aliases;

/// <summary>How bad a problem in an aliases file is.</summary>
public enum AliasProblemSeverity
{
    /// <summary>The entry works, but probably not as meant (a duplicate name: the first one wins).</summary>
    Warning,

    /// <summary>The entry is unusable (postalias skips it; Estafeta's alias table refuses the file).</summary>
    Error,

    /// <summary>The file itself cannot be read.</summary>
    Fatal,
}

/// <summary>One problem found by <see cref="AliasFileChecker"/>.</summary>
/// <param name="Line">The 1-based number of the entry's first physical line; 0 for a problem with the whole file.</param>
/// <param name="Text">Postfix's wording, e.g. "need name:value pair".</param>
public sealed record AliasFileProblem(AliasProblemSeverity Severity, string Path, int Line, string Text)
{
    /// <summary>The line as newaliases/postalias print it:
    /// "newaliases: warning: /etc/aliases, line 3: need name:value pair" or "newaliases: fatal: open /x: ...".</summary>
    public string Format(string program = "newaliases") =>
        Severity == AliasProblemSeverity.Fatal
            ? $"{program}: fatal: {Text}"
            : $"{program}: warning: {Path}, line {Line}: {Text}";
}
