using System.CommandLine;
using System.Linq.Expressions;
using System.Reflection;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// Flags that each set one property of <typeparamref name="TTarget"/>, kept in one list: building the target from a
/// parse result is one loop, a new flag is one line, and an error that names a property can be traced back to its flag.
/// </summary>
/// <typeparam name="TTarget">The options object the flags fill in.</typeparam>
internal sealed class FlagBindings<TTarget>
{
    private readonly List<Binding> _bindings = [];

    private sealed record Binding(Option Option, PropertyInfo Property, Func<ParseResult, object?> Value);

    /// <summary>The bound flags, in the order they were bound.</summary>
    public IEnumerable<Option> Options => _bindings.Select(b => b.Option);

    /// <summary>
    /// Binds <paramref name="option"/> to <paramref name="property"/>: when the flag is given, the property gets its value,
    /// through <paramref name="convert"/> if there is one; when it is not, the property keeps its default.
    /// </summary>
    /// <returns><paramref name="option"/>, to keep it in a field.</returns>
    public Option<T> Bind<T, TValue>(Option<T> option, Expression<Func<TTarget, TValue>> property, Func<T, TValue>? convert = null)
    {
        if (property.Body is not MemberExpression { Member: PropertyInfo info })
            throw new ArgumentException($"Expected a property of {typeof(TTarget).Name}, like o => o.Epochs; got {property}.", nameof(property));
        convert ??= value => (TValue)(object)value!;
        _bindings.Add(new Binding(option, info, parsed => convert(parsed.GetValue(option)!)));
        return option;
    }

    /// <summary>Sets the property of every flag given on the command line.</summary>
    public void ApplyTo(ParseResult parsed, TTarget target)
    {
        foreach (var binding in _bindings)
            if (parsed.GetResult(binding.Option) is { Implicit: false })
                binding.Property.SetValue(target, binding.Value(parsed));
    }

    /// <summary>The flag bound to the property named <paramref name="propertyName"/>, or null when none is.</summary>
    public Option? FlagOf(string? propertyName) => _bindings.FirstOrDefault(b => b.Property.Name == propertyName)?.Option;
}
