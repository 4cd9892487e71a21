import Training

extension ReportParameters {
    /// These parameters with the hyperparameter flags of a command applied to every network (so a flag
    /// overrides the params file) and `--seeds N` (seeds 1…N for every network) or `--seed` (one run
    /// with that seed instead of a seeds list); a refused value is named by its flag.
    public func applying(_ flags: SettingFlags, seeds: Int? = nil) throws(ConfigError) -> ReportParameters {
        var parameters = self
        for network in NetworkName.allCases {
            parameters.networks[network] = try flags.applied(to: config(for: network))
        }
        parameters.keysSetByFlags = flags.keys
        let seedGiven = flags.keys.contains("seed")
        if let seeds {
            guard !seedGiven else { throw ConfigError(key: "--seeds", message: "give either --seed or --seeds, not both") }
            guard seeds > 0, seeds <= Self.maximumSeeds else {
                throw ConfigError(key: "--seeds", message: "must be between 1 and \(Self.maximumSeeds), got \(seeds)")
            }
            for network in NetworkName.allCases { parameters.seedLists[network] = Array(1...UInt64(seeds)) }
        } else if seedGiven {
            parameters.seedLists = [:]
        }
        return parameters
    }
}
