namespace Estafeta.Tables;

/// <summary>One logical line of a Postfix text source: continuation lines already joined.</summary>
/// <param name="Number">The number of its first physical line (1-based), for error messages.</param>
internal readonly record struct TextSourceLine(int Number, string Text);
