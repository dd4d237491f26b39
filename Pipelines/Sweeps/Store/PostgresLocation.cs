using Npgsql;

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>A <c>postgresql://user:password@host:port/database</c> URL read into a connection string.</summary>
internal static class PostgresLocation
{
    /// <summary>The URL's schemes.</summary>
    public static readonly string[] Schemes = ["postgresql", "postgres"];

    /// <summary>True when <paramref name="location"/> is a PostgreSQL URL.</summary>
    public static bool IsUrl(string location) =>
        Schemes.Any(scheme => location.StartsWith(scheme + "://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The connection string of <paramref name="url"/>; query parameters become connection settings (e.g. <c>sslmode=require</c>).</summary>
    /// <exception cref="ArgumentException">Not such a URL; the message says what is missing.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string url)
    {
        if (!IsUrl(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"Storage '{Redacted(url)}': expected postgresql://user:password@host:port/database.", nameof(url));
        string database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
            throw new ArgumentException($"Storage '{Redacted(url)}': expected a database name after the host (postgresql://host/database).", nameof(url));
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.DnsSafeHost, Database = database };
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            try
            {
                builder[Uri.UnescapeDataString(kv[0]).Replace('_', ' ')] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Storage '{Redacted(url)}': the parameter '{kv[0]}' is not a connection setting ({e.Message}).", nameof(url), e);
            }
        }
        return builder;
    }

    /// <summary>
    /// <paramref name="url"/> with its password replaced by <c>***</c>, for messages. The password runs to the last <c>@</c>:
    /// one typed without percent-encoding may hold <c>@</c> itself, and none of it is shown.
    /// </summary>
    public static string Redacted(string url)
    {
        int at = url.LastIndexOf('@');
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme) return url;
        int colon = url.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }
}
