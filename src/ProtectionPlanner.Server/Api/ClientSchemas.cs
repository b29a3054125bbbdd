using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ProtectionPlanner.Server.Exercises;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Api;

/// <summary>
/// Adds the schemas clients read that no route declares: the hub's messages and what every command answers (the web
/// UI's types are generated from this document). Drops the servers list, which names the requesting host: the
/// document stays the same wherever it is read, so a committed copy can be compared with it. An item's details are
/// never null, which the generic <see cref="Domain.Strategies.Item{TDetails}"/> cannot tell the schema generator; and
/// an enumeration used as nullable somewhere lists null among its values, though the properties say null themselves.
/// </summary>
public sealed class ClientSchemas : IOpenApiDocumentTransformer
{
    private static readonly Type[] Types =
    [
        typeof(CommandResponse), typeof(ViewChange), typeof(PresenceState), typeof(MissionChange),
        typeof(ExerciseChange),
    ];

    public async Task TransformAsync(
        OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var type in Types)
            document.Components.Schemas[type.Name] = await context.GetOrCreateSchemaAsync(type, null, ct);
        foreach (var (name, schema) in document.Components.Schemas)
        {
            var item = name.StartsWith("ItemOf", StringComparison.Ordinal);
            if (item && schema.Properties?["details"].OneOf is { } nullOr)
                schema.Properties["details"] = nullOr.OfType<OpenApiSchemaReference>().Single();
            if (schema.Enum is { } values)
                foreach (var none in values.Where(v => v is null || v.GetValueKind() == JsonValueKind.Null).ToList())
                    values.Remove(none);
        }
    }
}
