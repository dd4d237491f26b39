namespace MlNetCnn.Models.Registry;

/// <summary>
/// A size figure an architecture must reproduce: its parameter count and, where known, its multiply-adds per image,
/// for one spec, with where the figure comes from. The registry-driven tests build every entry at each of its
/// figures' specs and compare, so a new architecture is pinned by being registered.
/// </summary>
/// <param name="Parameters">Total parameters of the network built for <paramref name="At"/>.</param>
/// <param name="MultiplyAdds">
/// Multiply-adds for one image at <paramref name="At"/>'s image size, counted as <c>ModelSummary</c> counts them
/// (Conv2d and Linear only), or null where no figure is known.
/// </param>
/// <param name="At">The spec the figures are for (channels, classes, image size, settings).</param>
/// <param name="Source">Where the figures come from; one of <see cref="ReferenceSources"/>.</param>
public sealed record ReferenceFigures(long Parameters, long? MultiplyAdds, ModelSpec At, string Source);
