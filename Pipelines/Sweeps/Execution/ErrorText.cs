using System.Reflection;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>A trial's error as the sweep reports it: the root cause's message first, the whole text in the trial's folder.</summary>
internal static class ErrorText
{
    /// <summary>
    /// The exception that caused <paramref name="error"/>: wrappers are unwrapped — an <see cref="AggregateException"/> of one
    /// error, a <see cref="TargetInvocationException"/> or <see cref="TypeInitializationException"/>, and the plain
    /// <see cref="InvalidOperationException"/> ML.NET wraps errors of its parallel cursors in.
    /// </summary>
    public static Exception RootCause(Exception error)
    {
        while (true)
        {
            Exception? inner = error switch
            {
                AggregateException aggregate => aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : null,
                TargetInvocationException or TypeInitializationException => error.InnerException,
                _ when error.GetType() == typeof(InvalidOperationException) => error.InnerException,
                _ => null,
            };
            if (inner is null) return error;
            error = inner;
        }
    }

    /// <summary>The first line of the root cause's message.</summary>
    public static string FirstLine(Exception error)
    {
        string message = RootCause(error).Message;
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>The first exception of the chain (outer to inner, through every wrapper) that is a <typeparamref name="T"/>.</summary>
    public static T? Find<T>(Exception error) where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    /// <summary>Writes the first line, then the full text of <paramref name="error"/> (inner exceptions and stacks) to <c>error.txt</c>.</summary>
    public static void Save(string folder, Exception error) => Save(folder, FirstLine(error), error.ToString());

    /// <summary>Writes <paramref name="firstLine"/>, then <paramref name="fullText"/>, to <c>error.txt</c>.</summary>
    public static void Save(string folder, string firstLine, string fullText) =>
        Models.IO.AtomicFile.WriteText(Path.Combine(folder, TrialFiles.Error), firstLine + "\n\n" + fullText + "\n");
}
