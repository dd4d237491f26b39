namespace MlNetCnn.Transforms;

/// <summary>
/// An image could not be read or decoded. The message names the file (or the size of the encoded bytes)
/// and what was expected. Inside an ML.NET pipeline this exception may arrive wrapped in an
/// <see cref="InvalidOperationException"/> from ML.NET's parallel cursors; it is then the inner exception.
/// </summary>
public sealed class ImageLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the image and what was expected.</param>
    /// <param name="imagePath">The file that failed, or null when the image came as bytes.</param>
    /// <param name="imageDescription">A short description of the image source for messages.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImageLoadException(string message, string? imagePath, string imageDescription, Exception? innerException = null)
        : base(message, innerException)
    {
        ImagePath = imagePath;
        ImageDescription = imageDescription;
    }

    /// <summary>The full path of the image file that failed, or null when the image came as encoded bytes.</summary>
    public string? ImagePath { get; }

    /// <summary>
    /// Where the image came from, for messages: <c>image file '/data/cat.png'</c> or
    /// <c>encoded image bytes (1234 bytes)</c>.
    /// </summary>
    public string ImageDescription { get; }
}
