using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsModule.Core.Kubernetes.Models;

/// <summary>
/// A Kubernetes resource quantity ("500m", "1Gi", "2", "1e3", "128974848"), kept as its canonical text and its decimal value.
/// CPU values are in cores ("250m" = 0.25), memory in bytes ("1Ki" = 1024).
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1000_000m), ("G", 1000_000_000m),
        ("T", 1000_000_000_000m), ("P", 1000_000_000_000_000m), ("E", 1000_000_000_000_000_000m),
    ];

    private readonly string? _text;

    private Quantity(string text, decimal value)
    {
        _text = text;
        Value = value;
    }

    /// <summary>The value in base units (cores for CPU, bytes for memory).</summary>
    public decimal Value { get; }

    public static Quantity Parse(string text)
    {
        if (!TryParse(text, out var quantity))
        {
            throw new FormatException($"'{text}' is not a Kubernetes quantity; use forms such as 500m, 2, 1.5, 128Mi or 1Gi.");
        }

        return quantity;
    }

    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var number = trimmed;
        var factor = 1m;
        foreach (var (suffix, suffixFactor) in Suffixes)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal) && trimmed.Length > suffix.Length
                && (char.IsDigit(trimmed[^(suffix.Length + 1)]) || trimmed[^(suffix.Length + 1)] == '.'))
            {
                number = trimmed[..^suffix.Length];
                factor = suffixFactor;
                break;
            }
        }

        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!decimal.TryParse(number, styles, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        quantity = new Quantity(trimmed, parsed * factor);
        return true;
    }

    public static Quantity FromValue(decimal value) => new(value.ToString(CultureInfo.InvariantCulture), value);

    public int CompareTo(Quantity other) => Value.CompareTo(other.Value);

    public bool Equals(Quantity other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => _text ?? "0";

    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);
}

internal sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
            _ => throw new JsonException($"Expected a quantity string, got {reader.TokenType}."),
        };
        return Quantity.TryParse(text, out var quantity) ? quantity : throw new JsonException($"'{text}' is not a Kubernetes quantity.");
    }

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
