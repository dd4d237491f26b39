using System.Text;

namespace MlNetCnn.Models.IO;

/// <summary>
/// Writes a file atomically: into a temporary file beside the target, then renamed over it, so that a reader never sees
/// a half-written file and a failed write leaves the old one as it was. The one atomic writer of the project's files —
/// weights, ONNX models, checkpoints and reports (downloads, which are asynchronous and hashed while written, use
/// <see cref="VerifiedDownload"/>).
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path in the target's folder (same extension, so that writers that
    /// look at it choose the right format), then renames that file to <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = $"{full}.tmp-{Guid.NewGuid():N}{Path.GetExtension(full)}";
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, temporary => File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));
}
