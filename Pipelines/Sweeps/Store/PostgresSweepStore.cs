using System.Text.Json;
using MlNetCnn.Pipelines.Sweeps.Journal;
using Npgsql;

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>
/// Sweeps shared by workers on many machines through one PostgreSQL database (<c>--storage postgresql://...</c>). Three
/// tables, created on first use: <c>mlnetcnn_sweeps</c> (one row per sweep: its plan, and the row every decision locks),
/// <c>mlnetcnn_journal</c> (the journal's entries in order) and <c>mlnetcnn_work</c> (work items and their leases).
/// Workers claim free work with <c>SELECT ... FOR UPDATE SKIP LOCKED</c>; every other change holds the sweep's row lock,
/// so a decision of the scheduler is taken once. Leases are timed by the server's clock. Checkpoints and models stay
/// in the sweep's folder, which every worker must see.
/// </summary>
public sealed class PostgresSweepStore : ISweepStore
{
    private readonly NpgsqlDataSource _source;
    private bool _schemaReady;

    /// <summary>Opens the store at <paramref name="url"/> for the sweep <paramref name="sweepName"/>.</summary>
    /// <exception cref="ArgumentException">The URL is not a PostgreSQL URL, or the name is empty.</exception>
    public PostgresSweepStore(string url, string sweepName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sweepName);
        var builder = PostgresLocation.Parse(url);
        Location = $"postgresql://{(builder.Username is { } user ? user + "@" : "")}{builder.Host}:{builder.Port}/{builder.Database} (sweep '{sweepName}')";
        SweepName = sweepName;
        _source = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public string SweepName { get; }

    /// <inheritdoc/>
    public SweepPlan? ReadPlan() => InTransaction(tx => ReadPlan(tx, forUpdate: false));

    /// <inheritdoc/>
    public SweepPlan Register(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return InTransaction(tx =>
        {
            Execute(tx, "INSERT INTO mlnetcnn_sweeps (name, plan) VALUES (@name, @plan) ON CONFLICT (name) DO NOTHING", ("plan", PlanJson(plan)));
            var saved = ReadPlan(tx, forUpdate: true)!;
            var kept = saved.MergedWith(plan with { Name = SweepName }, Location);
            Execute(tx, "UPDATE mlnetcnn_sweeps SET plan = @plan WHERE name = @name", ("plan", PlanJson(kept)));
            return kept;
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<JournalEntry> ReadJournal() => InTransaction(ReadJournal);

    /// <inheritdoc/>
    public IReadOnlyList<WorkItem> ReadWork() => InTransaction(tx => ReadWork(tx));

    /// <inheritdoc/>
    public void Append(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        InTransaction(tx =>
        {
            LockSweep(tx);
            AppendEntries(tx, [entry]);
            return 0;
        });
    }

    /// <inheritdoc/>
    public TrialClaim Claim(string worker, TimeSpan leaseLength, Func<StoreSnapshot, StoreDecision> decide)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentNullException.ThrowIfNull(decide);
        return InTransaction(tx =>
        {
            using (var free = Command(tx,
                "SELECT trial_id, worker FROM mlnetcnn_work WHERE sweep = @name AND (worker IS NULL OR lease_expires <= now()) " +
                "ORDER BY trial_id LIMIT 1 FOR UPDATE SKIP LOCKED"))
            using (var reader = free.ExecuteReader())
            {
                if (reader.Read())
                {
                    int trial = reader.GetInt32(0);
                    bool takenOver = !reader.IsDBNull(1);
                    reader.Close();
                    return new TrialClaim(ClaimKind.Leased, Lease(tx, trial, worker, leaseLength, takenOver), []);
                }
            }
            LockSweep(tx);
            var decision = decide(new StoreSnapshot(ReadJournal(tx), ReadWork(tx), Now(tx)));
            AppendEntries(tx, decision.Entries);
            if (decision.TrialId is not int id)
                return new TrialClaim(decision.Finished ? ClaimKind.Finished : ClaimKind.Wait, null, decision.Entries);
            Execute(tx, "INSERT INTO mlnetcnn_work (sweep, trial_id) VALUES (@name, @trial) ON CONFLICT (sweep, trial_id) DO NOTHING", ("trial", id));
            return new TrialClaim(ClaimKind.Leased, Lease(tx, id, worker, leaseLength, takenOver: false), decision.Entries);
        });
    }

    /// <inheritdoc/>
    public bool Renew(TrialLease lease, TimeSpan leaseLength)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return InTransaction(tx => Execute(tx,
            "UPDATE mlnetcnn_work SET lease_expires = now() + make_interval(secs => @seconds) WHERE sweep = @name AND trial_id = @trial AND worker = @worker",
            ("seconds", leaseLength.TotalSeconds), ("trial", lease.TrialId), ("worker", lease.Worker)) == 1);
    }

    /// <inheritdoc/>
    public bool Release(TrialLease lease, IReadOnlyList<JournalEntry> entries, bool workRemains)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(entries);
        return InTransaction(tx =>
        {
            LockSweep(tx);
            string end = workRemains
                ? "UPDATE mlnetcnn_work SET worker = NULL, lease_expires = NULL WHERE sweep = @name AND trial_id = @trial AND worker = @worker"
                : "DELETE FROM mlnetcnn_work WHERE sweep = @name AND trial_id = @trial AND worker = @worker";
            if (Execute(tx, end, ("trial", lease.TrialId), ("worker", lease.Worker)) != 1)
                return false; // the lease was lost: nothing was changed
            AppendEntries(tx, entries);
            return true;
        });
    }

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();

    private TrialLease Lease(NpgsqlTransaction tx, int trial, string worker, TimeSpan length, bool takenOver)
    {
        using var command = Command(tx,
            "UPDATE mlnetcnn_work SET worker = @worker, lease_expires = now() + make_interval(secs => @seconds) " +
            "WHERE sweep = @name AND trial_id = @trial RETURNING lease_expires",
            ("worker", worker), ("seconds", length.TotalSeconds), ("trial", trial));
        var expires = (DateTime)command.ExecuteScalar()!;
        return new TrialLease(trial, worker, expires, takenOver);
    }

    /// <summary>The sweep's row lock: held by every change but the claim of free work, so that decisions are taken once.</summary>
    private void LockSweep(NpgsqlTransaction tx)
    {
        if (ReadPlan(tx, forUpdate: true) is null)
            throw new InvalidOperationException($"The store {Location} holds no such sweep: register it first ('mlnetcnn sweep ... --storage').");
    }

    private SweepPlan? ReadPlan(NpgsqlTransaction tx, bool forUpdate)
    {
        using var command = Command(tx, "SELECT plan FROM mlnetcnn_sweeps WHERE name = @name" + (forUpdate ? " FOR UPDATE" : ""));
        if (command.ExecuteScalar() is not string json) return null;
        try
        {
            return JsonSerializer.Deserialize<SweepPlan>(json, SweepJson.Indented) ?? throw new JsonException("expected a plan object, found null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"The plan of {Location} cannot be read: {error.Message}", error);
        }
    }

    private List<JournalEntry> ReadJournal(NpgsqlTransaction tx)
    {
        using var command = Command(tx, "SELECT seq, entry FROM mlnetcnn_journal WHERE sweep = @name ORDER BY seq");
        using var reader = command.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
        {
            try
            {
                entries.Add(JournalLine.Deserialize(reader.GetString(1)));
            }
            catch (JsonException error)
            {
                throw new InvalidDataException($"Journal entry {reader.GetInt64(0)} of {Location} is not an entry this version reads: {error.Message}", error);
            }
        }
        return entries;
    }

    private List<WorkItem> ReadWork(NpgsqlTransaction tx)
    {
        using var command = Command(tx, "SELECT trial_id, worker, lease_expires FROM mlnetcnn_work WHERE sweep = @name ORDER BY trial_id");
        using var reader = command.ExecuteReader();
        var work = new List<WorkItem>();
        while (reader.Read())
            work.Add(new WorkItem(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2)));
        return work;
    }

    private void AppendEntries(NpgsqlTransaction tx, IReadOnlyList<JournalEntry> entries)
    {
        foreach (var entry in entries)
            Execute(tx,
                "INSERT INTO mlnetcnn_journal (sweep, seq, entry) " +
                "SELECT @name, COALESCE(MAX(seq), 0) + 1, @entry FROM mlnetcnn_journal WHERE sweep = @name",
                ("entry", JournalLine.Serialize(entry)));
    }

    private static DateTime Now(NpgsqlTransaction tx)
    {
        using var command = new NpgsqlCommand("SELECT now()", tx.Connection, tx);
        return (DateTime)command.ExecuteScalar()!;
    }

    private static string PlanJson(SweepPlan plan) => JsonSerializer.Serialize(plan, SweepJson.Compact);

    private int Execute(NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private NpgsqlCommand Command(NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, tx.Connection, tx);
        command.Parameters.AddWithValue("name", SweepName);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, the schema made on first use.</summary>
    private T InTransaction<T>(Func<NpgsqlTransaction, T> work)
    {
        try
        {
            using var connection = _source.OpenConnection();
            if (!_schemaReady) CreateSchema(connection);
            using var tx = connection.BeginTransaction();
            T result = work(tx);
            tx.Commit();
            return result;
        }
        catch (NpgsqlException error)
        {
            throw new IOException($"The sweep store {Location} failed: {error.Message}", error);
        }
    }

    private void CreateSchema(NpgsqlConnection connection)
    {
        using var tx = connection.BeginTransaction();
        foreach (string sql in Schema)
            using (var command = new NpgsqlCommand(sql, connection, tx))
                command.ExecuteNonQuery();
        tx.Commit();
        _schemaReady = true;
    }

    /// <summary>The tables, made once under an advisory lock so that workers starting together do not race.</summary>
    private static readonly string[] Schema =
    [
        "SELECT pg_advisory_xact_lock(7164391)",
        "CREATE TABLE IF NOT EXISTS mlnetcnn_sweeps (name text PRIMARY KEY, plan text NOT NULL, created timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE IF NOT EXISTS mlnetcnn_journal (sweep text NOT NULL REFERENCES mlnetcnn_sweeps (name), seq bigint NOT NULL, " +
        "entry text NOT NULL, recorded timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (sweep, seq))",
        "CREATE TABLE IF NOT EXISTS mlnetcnn_work (sweep text NOT NULL REFERENCES mlnetcnn_sweeps (name), trial_id int NOT NULL, " +
        "worker text, lease_expires timestamptz, PRIMARY KEY (sweep, trial_id))",
    ];
}
