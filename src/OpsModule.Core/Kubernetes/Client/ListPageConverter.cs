using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>
/// Reads a <see cref="ListPage{T}"/> with the serializer's metadata for <see cref="V1ListMeta"/> and <typeparamref name="T"/>
/// (KubernetesClient's generated metadata). Described by reflection instead, every ListPage of another item type cost
/// accessors emitted and compiled at its first list, a noticeable part of a fresh process's first Get-OpsHealth.
/// </summary>
internal sealed class ListPageConverter<T> : JsonConverter<ListPage<T>>
{
    public override ListPage<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A list must be a JSON object, not {reader.TokenType}.");
        }

        var page = new ListPage<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "metadata":
                    page.Metadata = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<V1ListMeta>)options.GetTypeInfo(typeof(V1ListMeta)));
                    break;
                case "items":
                    page.Items = ReadItems(ref reader, options);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return page;
    }

    public override void Write(Utf8JsonWriter writer, ListPage<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WritePropertyName("metadata");
        JsonSerializer.Serialize(writer, value.Metadata, options.GetTypeInfo(typeof(V1ListMeta)));
        writer.WritePropertyName("items");
        JsonSerializer.Serialize(writer, value.Items, options.GetTypeInfo(typeof(IList<T>)));
        writer.WriteEndObject();
    }

    private static List<T>? ReadItems(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A list's items must be a JSON array, not {reader.TokenType}.");
        }

        var itemInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(JsonSerializer.Deserialize(ref reader, itemInfo)!);
        }

        return items;
    }
}

/// <summary>Makes the <see cref="ListPageConverter{T}"/> of each item type.</summary>
internal sealed class ListPageConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ListPage<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ListPageConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()))!;
}
