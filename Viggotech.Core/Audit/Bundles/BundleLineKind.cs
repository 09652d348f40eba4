namespace Viggotech.Core.Audit.Bundles;

internal enum BundleLineKind
{
    Header,
    Keys,
    Event,
    Seal,
    Pruned,
    Trailer,
}
