using System.Reflection;
using System.Text.Json;
using JasperFx;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using Wolverine.Http.CodeGen;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Commands;

/// <summary>
/// What Wolverine gives endpoints and the command workflow besides route values and services: the signed-in
/// <see cref="Actor"/>, the <see cref="CommandRequest"/>, and request bodies read strictly with the API's JSON options
/// (a body the reader refuses is a 400 naming the field, <see cref="Api.Problems"/>, as it was before Wolverine).
/// </summary>
public sealed class RequestParameters : IParameterStrategy, IVariableSource
{
    public bool Matches(Type type) => type == typeof(Actor) || type == typeof(CommandRequest);

    public Variable Create(Type type) => type == typeof(Actor)
        ? new MethodCall(typeof(Workflow), nameof(Workflow.Actor)).ReturnVariable!
        : new MethodCall(typeof(CommandRequest), nameof(CommandRequest.Read)).ReturnVariable!;

    public bool TryMatch(HttpChain chain, IServiceContainer container, ParameterInfo parameter, out Variable? variable)
    {
        var type = parameter.ParameterType;
        variable = null;
        if (Matches(type))
        {
            variable = Create(type);
            return true;
        }
        if (!type.IsClass || type.IsAssignableTo(typeof(Exception)) || type.Namespace?.StartsWith("ProtectionPlanner.", StringComparison.Ordinal) != true
            || !chain.Tags.TryAdd("planner:body", type)) return false;
        // The chain's request type describes the body in the OpenAPI document and names its fields when it is refused;
        // Wolverine sets it only when it reads the body itself, which answers a refused body in a format of its own.
        RequestTypeOf.SetValue(chain, type);
        // A body declared nullable (SubmitRequest? body) may be left out altogether.
        var optional = new NullabilityInfoContext().Create(parameter).ReadState == NullabilityState.Nullable;
        var read = typeof(RequestParameters).GetMethod(optional ? nameof(OptionalBodyAsync) : nameof(BodyAsync))!;
        variable = new MethodCall(typeof(RequestParameters), read.MakeGenericMethod(type)).ReturnVariable!;
        return true;
    }

    private static readonly PropertyInfo RequestTypeOf = typeof(HttpChain).GetProperty(nameof(HttpChain.RequestType))!;

    /// <summary>The request body, or null when the request has none (no content type, no length); read as
    /// <see cref="BodyAsync{T}"/> reads it otherwise.</summary>
    public static async Task<T?> OptionalBodyAsync<T>(HttpContext http) where T : class =>
        http.Request.ContentType is null && http.Request.ContentLength is null or 0 ? null : await BodyAsync<T>(http);

    /// <summary>The request body as <typeparamref name="T"/>, read as minimal APIs read it (415 when it is not JSON).</summary>
    public static async Task<T> BodyAsync<T>(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
            throw new BadHttpRequestException("Expected a JSON request body (Content-Type: application/json).", StatusCodes.Status415UnsupportedMediaType);
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, options, http.RequestAborted)
                   ?? throw new BadHttpRequestException($"The request body must be a {typeof(T).Name} object, not null.");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The request body is not a valid {typeof(T).Name}.", e);
        }
    }
}
