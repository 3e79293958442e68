using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsModule.Core.Kubernetes.Models;

/// <summary>A Kubernetes IntOrString: a port number or a named port ("http"), a count or a percentage ("25%").</summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public readonly struct IntOrString : IEquatable<IntOrString>
{
    private IntOrString(int? number, string? text)
    {
        Number = number;
        Text = text;
    }

    public int? Number { get; }

    public string? Text { get; }

    public bool IsNumber => Number.HasValue;

    public static IntOrString FromInt(int value) => new(value, null);

    public static IntOrString FromString(string value) => new(null, value);

    /// <summary>Scales a percentage ("25%") against <paramref name="total"/>, or returns the number.</summary>
    public int ScaledValue(int total, bool roundUp)
    {
        if (Number is { } number)
        {
            return number;
        }

        var text = Text ?? "0";
        if (text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
        {
            var exact = total * percent / 100m;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new FormatException($"'{text}' is neither a number nor a percentage.");
    }

    public bool Equals(IntOrString other) => Number == other.Number && Text == other.Text;

    public override bool Equals(object? obj) => obj is IntOrString other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Number, Text);

    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Text ?? string.Empty;

    public static implicit operator IntOrString(int value) => FromInt(value);

    public static implicit operator IntOrString(string value) => FromString(value);
}

internal sealed class IntOrStringJsonConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => IntOrString.FromInt(reader.GetInt32()),
        JsonTokenType.String => IntOrString.FromString(reader.GetString()!),
        _ => throw new JsonException($"Expected a number or a string, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
