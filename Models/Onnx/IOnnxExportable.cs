namespace MlNetCnn.Models.Onnx;

/// <summary>
/// A composite module that writes its own ONNX graph. Implemented next to the module's
/// <c>forward</c>, so the two are read and changed together; leaf layers are handled by
/// <see cref="LayerExporters"/> instead.
/// </summary>
public interface IOnnxExportable
{
    /// <summary>Adds the module's nodes to <paramref name="context"/> and returns its output.</summary>
    /// <param name="context">The export context; export children with <see cref="OnnxExportContext.Export"/>.</param>
    /// <param name="input">The module's input.</param>
    OnnxValue ExportOnnx(OnnxExportContext context, OnnxValue input);
}
