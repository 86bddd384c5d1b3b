namespace Estafeta.Config;

/// <summary>Which values <see cref="PostconfPrinter"/> prints, like postconf's options.</summary>
public enum PostconfMode
{
    /// <summary>Every known parameter with its value in effect (postconf with no option).</summary>
    Effective,

    /// <summary>Only parameters set in main.cf (postconf -n).</summary>
    NonDefault,

    /// <summary>The built-in defaults (postconf -d).</summary>
    Defaults,
}
