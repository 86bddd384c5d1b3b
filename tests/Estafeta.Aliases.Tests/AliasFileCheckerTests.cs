namespace Estafeta.Aliases.Tests;

public sealed class AliasFileCheckerTests
{
    [Fact]
    public void A_good_file_has_no_problems()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "aliases");
        File.WriteAllText(path, "# See man 5 aliases\npostmaster: root\nroot: alumno,\n  other@example.org\nlist: :include:/etc/mail/list\nprog: \"|/usr/bin/cmd a, b\"\n");

        Assert.Empty(AliasFileChecker.Check(path));
    }

    [Fact]
    public void Problems_are_reported_with_line_numbers_in_postfix_words()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "aliases");
        File.WriteAllText(path, string.Join('\n',
            "postmaster: root",       // 1
            "# comment",              // 2
            "root alumno",            // 3 no colon
            "empty:",                 // 4 no value
            "list: a,",               // 5
            "  b",                    // 6 continuation of 5
            "user@example.org: x",    // 7 not local
            "inc: :include:lists/x",  // 8 relative include
            "q: \"|cmd",              // 9 unbalanced quote
            "Root: other",            // 10 duplicate of 1? no: of root... root (line 3) was bad; postmaster: dup below
            "postmaster: other",      // 11 duplicate
            ": nothing",              // 12 no name
            ""));

        var lines = AliasFileChecker.Check(path).Select(problem => problem.Format()).ToList();

        Assert.Equal(
            [
                $"newaliases: warning: {path}, line 3: need name:value pair",
                $"newaliases: warning: {path}, line 4: need name:value pair",
                $"newaliases: warning: {path}, line 7: name must be local",
                $"newaliases: warning: {path}, line 8: :include:lists/x uses a relative path",
                $"newaliases: warning: {path}, line 9: unbalanced quotes",
                $"newaliases: warning: {path}, line 11: duplicate entry: \"postmaster\" (first on line 1; that one is used)",
                $"newaliases: warning: {path}, line 12: need name:value pair",
            ],
            lines);
    }

    [Fact]
    public void Severity_separates_duplicates_from_unusable_entries()
    {
        var problems = AliasFileChecker.CheckLines("/etc/aliases", ["a: b", "A: c", "bad"]);

        Assert.Equal([AliasProblemSeverity.Warning, AliasProblemSeverity.Error], problems.Select(problem => problem.Severity));
        Assert.Equal([2, 3], problems.Select(problem => problem.Line));
    }

    [Fact]
    public void A_missing_file_is_fatal()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "missing");

        var problem = Assert.Single(AliasFileChecker.Check(path));

        Assert.Equal(AliasProblemSeverity.Fatal, problem.Severity);
        Assert.Equal($"postalias: fatal: open {path}: No such file or directory", problem.Format("postalias"));
    }
}
