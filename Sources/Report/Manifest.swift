
/// Where and with what a report was made: the facts a reader needs to reproduce it.
public struct Manifest: Equatable, Sendable {
    public var gitCommit: String
    public var gitDirty: Bool?
    public var swiftVersion: String
    public var operatingSystem: String
    public var cpuModel: String
    public var logicalCPUs: Int
    /// The kernel paths this machine can run, e.g. "generic, avx2".
    public var kernelPaths: String
    public var command: String
    /// The params file the runs were configured from; nil when the report folder does not record it.
    public var paramsFile: ParamsFileRecord?

    public init(gitCommit: String, gitDirty: Bool?, swiftVersion: String, operatingSystem: String, cpuModel: String,
                logicalCPUs: Int, kernelPaths: String, command: String) {
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.swiftVersion = swiftVersion
        self.operatingSystem = operatingSystem
        self.cpuModel = cpuModel
        self.logicalCPUs = logicalCPUs
        self.kernelPaths = kernelPaths
        self.command = command
    }
}
