// Walks the ESMTP parameters of MAIL/RCPT ("SIZE=123 BODY=8BITMIME SMTPUTF8") without allocating.
// Trusts: nothing. Must never: read past the span it was given.
namespace Estafeta.Smtp;

/// <summary>One ESMTP parameter: the keyword, and the value after '=' (empty when there is none).</summary>
public readonly ref struct EsmtpParameter
{
    public EsmtpParameter(ReadOnlySpan<byte> text)
    {
        Text = text;
        var equals = text.IndexOf((byte)'=');
        Keyword = equals < 0 ? text : text[..equals];
        Value = equals < 0 ? default : text[(equals + 1)..];
        HasValue = equals >= 0;
    }

    /// <summary>The whole "KEYWORD=value" text as the client sent it.</summary>
    public ReadOnlySpan<byte> Text { get; }

    public ReadOnlySpan<byte> Keyword { get; }

    public ReadOnlySpan<byte> Value { get; }

    public bool HasValue { get; }
}

/// <summary>Enumerates blank-separated ESMTP parameters.</summary>
public ref struct EsmtpParameterReader
{
    private ReadOnlySpan<byte> _remaining;

    public EsmtpParameterReader(ReadOnlySpan<byte> parameters)
    {
        _remaining = parameters;
    }

    public bool TryRead(out EsmtpParameter parameter)
    {
        _remaining = SmtpCommandParser.TrimBlanks(_remaining);
        if (_remaining.IsEmpty)
        {
            parameter = default;
            return false;
        }

        var end = _remaining.IndexOfAny((byte)' ', (byte)'\t');
        var text = end < 0 ? _remaining : _remaining[..end];
        _remaining = end < 0 ? default : _remaining[end..];
        parameter = new EsmtpParameter(text);
        return true;
    }
}
