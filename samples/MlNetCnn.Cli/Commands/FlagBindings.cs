using System.CommandLine;
using System.Linq.Expressions;
using System.Reflection;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// Flags that each set one property of <typeparamref name="TTarget"/>, kept in one list: building the target from a
/// parse result is one loop, a new flag is one line, an error that names a property can be traced back to its flag, and
/// the help's default is read from a new <typeparamref name="TTarget"/>, not restated.
/// </summary>
/// <typeparam name="TTarget">The options object the flags fill in.</typeparam>
internal sealed class FlagBindings<TTarget> where TTarget : new()
{
    private static readonly TTarget Defaults = new();

    private readonly List<Binding> _bindings = [];

    private sealed record Binding(Option Option, PropertyInfo Property, Func<ParseResult, object?> Value);

    /// <summary>The bound flags, in the order they were bound.</summary>
    public IEnumerable<Option> Options => _bindings.Select(b => b.Option);

    /// <summary>
    /// Binds <paramref name="option"/> to <paramref name="property"/>: when the flag is given, the property gets its value,
    /// through <paramref name="convert"/> if there is one; when it is not, the property keeps its default. The flag's
    /// description gets a last sentence saying what an absent flag leaves: <paramref name="whenNotGiven"/>, or else
    /// <c>Default X.</c> with X the property's value in a new <typeparamref name="TTarget"/>.
    /// </summary>
    /// <returns><paramref name="option"/>, to keep it in a field.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="property"/> is not a property, or its default is null (or needs <paramref name="convert"/>) and
    /// <paramref name="whenNotGiven"/> does not say what that means.
    /// </exception>
    public Option<T> Bind<T, TValue>(
        Option<T> option, Expression<Func<TTarget, TValue>> property, string? whenNotGiven = null, Func<T, TValue>? convert = null)
    {
        if (property.Body is not MemberExpression { Member: PropertyInfo info })
            throw new ArgumentException($"Expected a property of {typeof(TTarget).Name}, like o => o.Epochs; got {property}.", nameof(property));
        option.Description = $"{option.Description} {whenNotGiven ?? DefaultOf(info, converted: convert is not null)}";
        convert ??= value => (TValue)(object)value!;
        _bindings.Add(new Binding(option, info, parsed => convert(parsed.GetValue(option)!)));
        return option;
    }

    private static string DefaultOf(PropertyInfo property, bool converted) =>
        !converted && property.GetValue(Defaults) is { } value
            ? $"Default {OptionChecks.AsFlagValue(value)}."
            : throw new ArgumentException(
                $"{typeof(TTarget).Name}.{property.Name}: its default is null or not the flag's value; say what an absent flag leaves.",
                nameof(property));

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
