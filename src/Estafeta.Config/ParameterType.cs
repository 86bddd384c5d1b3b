namespace Estafeta.Config;

/// <summary>How a main.cf value is read by the typed getters of <see cref="MainConfig"/>.</summary>
public enum ParameterType
{
    String,
    List,
    Boolean,
    Integer,
    Time,
    Size,
}
