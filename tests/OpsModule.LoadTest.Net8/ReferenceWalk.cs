using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace OpsModule.LoadTest;

/// <summary>
/// Resolves what one assembly's metadata refers to, the way the runtime would while running it: every referenced assembly through
/// the given load context, every referenced type in it (following type forwarders), and every referenced method or field by name.
/// Reflection over the assembly's own types would miss the references that only method bodies make.
/// </summary>
internal static class ReferenceWalk
{
    private const BindingFlags AnyMember = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    public sealed record Result(IReadOnlyList<AssemblyName> References, int TypesResolved, int MembersResolved, IReadOnlyList<string> Failures);

    public static Result Walk(string assemblyPath, AssemblyLoadContext context)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var failures = new List<string>();
        var references = new Dictionary<AssemblyReferenceHandle, Assembly?>();
        var types = new Dictionary<TypeReferenceHandle, Type?>();

        foreach (var handle in metadata.AssemblyReferences)
        {
            var name = metadata.GetAssemblyReference(handle).GetAssemblyName();
            try
            {
                var assembly = context.LoadFromAssemblyName(name);
                if (assembly.GetName().Version < name.Version)
                {
                    failures.Add($"{name.Name} {name.Version} was asked for, {assembly.GetName().Version} was loaded");
                }

                references[handle] = assembly;
            }
            catch (Exception ex)
            {
                references[handle] = null;
                failures.Add($"assembly {name}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        foreach (var handle in metadata.TypeReferences)
        {
            ResolveType(handle);
        }

        var members = 0;
        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference || ResolveType((TypeReferenceHandle)member.Parent) is not { } parent)
            {
                continue; // members of generic instantiations and of this assembly's own types are checked by running the code
            }

            var name = metadata.GetString(member.Name);
            if (!HasMember(parent, name))
            {
                failures.Add($"{parent.FullName}.{name} is referenced but {parent.Assembly.GetName()} has no such member");
            }

            members++;
        }

        return new Result(
            references.Keys.Select(h => metadata.GetAssemblyReference(h).GetAssemblyName()).ToList(),
            types.Count(t => t.Value is not null),
            members,
            failures);

        Type? ResolveType(TypeReferenceHandle handle)
        {
            if (types.TryGetValue(handle, out var known))
            {
                return known;
            }

            var reference = metadata.GetTypeReference(handle);
            var name = metadata.GetString(reference.Name);
            var ns = metadata.GetString(reference.Namespace);
            Type? type = null;
            try
            {
                type = reference.ResolutionScope.Kind switch
                {
                    HandleKind.AssemblyReference when references[(AssemblyReferenceHandle)reference.ResolutionScope] is { } assembly
                        => assembly.GetType(ns.Length == 0 ? name : $"{ns}.{name}", throwOnError: true),
                    HandleKind.TypeReference when ResolveType((TypeReferenceHandle)reference.ResolutionScope) is { } outer
                        => outer.GetNestedType(name, BindingFlags.Public | BindingFlags.NonPublic)
                           ?? throw new TypeLoadException($"{outer.FullName} has no nested type {name}"),
                    _ => null, // this assembly's own module, or a scope that already failed
                };
            }
            catch (Exception ex)
            {
                failures.Add($"type {ns}.{name}: {ex.GetType().Name}: {ex.Message}");
            }

            types[handle] = type;
            return type;
        }
    }

    private static bool HasMember(Type type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMember(name, AnyMember | BindingFlags.DeclaredOnly).Length > 0)
            {
                return true;
            }
        }

        // Interface members (default implementations, static abstracts) are not inherited through BaseType.
        return type.GetInterfaces().Any(i => i.GetMember(name, AnyMember).Length > 0);
    }
}
