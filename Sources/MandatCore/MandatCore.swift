/// MandatCore: the domain of the French public payment chain, with no I/O and no dependencies.
public enum MandatCoreInfo {
    /// The program's version.
    public static let version = "0.1.0"
}
