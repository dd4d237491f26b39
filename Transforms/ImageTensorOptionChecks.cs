namespace MlNetCnn.Transforms;

/// <summary>The argument checks shared by <see cref="ImageTensorSettings"/> and <see cref="ImageTensorOptions"/>.</summary>
internal static class ImageTensorOptionChecks
{
    public static void CheckSize(int width, int height, ImageColorMode colorMode, string widthName, string heightName)
    {
        CheckPositive(width, widthName);
        CheckPositive(height, heightName);
        long length = (long)ImageTensorSettings.ChannelsOf(colorMode) * width * height;
        if (length > Array.MaxLength)
            throw new ArgumentException(
                $"{widthName} × {heightName} × channels must fit in one array; got {width} × {height}, which is {length} values. Use a smaller image size.",
                widthName);
    }

    public static void CheckDefined<TEnum>(TEnum value, string name) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentException(
                $"{name} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}; got {value}.", name);
    }

    public static void CheckColumnName(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{name} must name a column; got {(value is null ? "null" : $"'{value}'")}.", name);
    }

    private static void CheckPositive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentException($"{name} must be a positive number of pixels; got {value}.", name);
    }
}
