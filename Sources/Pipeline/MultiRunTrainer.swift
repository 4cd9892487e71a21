import NeuralNet
import Synchronization
import Training

/// Trains a report's runs: runs of the same network (the same length) side by side, one thread each
/// out of the machine's, in waves; anything that would leave cores idle while a longer run finishes
/// (a lone run, or a ConvNet beside a MyNet) alone with every thread. Results never depend on it: a
/// run's bits are the same with any thread count.
///
/// Why: runs side by side with one thread each never wait for each other at the end of a shard or a
/// product, which two threads on one run do; but a ConvNet beside a MyNet would leave ConvNet's core
/// idle for the rest of MyNet's run, so runs of different networks never share a wave.
enum MultiRunTrainer {
    /// The order and grouping in which `jobs` train: waves of runs that train side by side, each run
    /// with `threads / wave size` threads. Job indices, waves in training order.
    static func waves(networks: [NetworkName], threads: Int) -> [[Int]] {
        var waves: [[Int]] = []
        for network in NetworkName.allCases.reversed() {   // MyNet first: the long runs start early
            var group = networks.indices.filter { networks[$0] == network }
            while !group.isEmpty {
                let width = max(1, min(threads, group.count))
                waves.append(Array(group.prefix(width)))
                group.removeFirst(width)
            }
        }
        return waves
    }

    /// Trains every job and returns (run, metrics, weights) in job order; `finished` gets each run the
    /// moment it has trained (one at a time), so that it can be kept whatever happens to the others.
    /// The first failure (of a run or of `finished`) stops the other runs of its wave and the later
    /// waves, and is rethrown; `shouldStop` stops them all.
    static func train(
        _ jobs: [(run: RunID, plan: TrainingPlan)], compute: ComputeSettings,
        shouldStop: () -> Bool, events: (ReportEvent) -> Void,
        finished: (RunID, RunMetrics, [UInt8]) throws -> Void = { _, _, _ in }
    ) throws -> [(RunID, RunMetrics, [UInt8])] {
        var results: [Int: (RunMetrics, [UInt8])] = [:]
        for wave in waves(networks: jobs.map(\.run.network), threads: compute.threads) {
            var perRun = compute
            perRun.threads = max(1, compute.threads / wave.count)
            if wave.count == 1, let index = wave.first {
                let job = jobs[index]
                let result = try TrainingRun.execute(job.plan, compute: perRun, shouldStop: shouldStop) {
                    events(.training(job.run, $0))
                }
                try finished(job.run, result.metrics, result.weights)
                results[index] = (result.metrics, result.weights)
                continue
            }
            let failed = Atomic<Bool>(false)
            let outcomes = Mutex<[Int: Result<(RunMetrics, [UInt8]), any Error>]>([:])
            let reporting = Mutex<Void>(())
            // Each of the wave's runs on its own thread; each writes only its own outcome.
            concurrently(wave.count) { slot in
                let index = wave[slot], job = jobs[index]
                let outcome = Result { () throws -> (RunMetrics, [UInt8]) in
                    let result = try TrainingRun.execute(job.plan, compute: perRun, shouldStop: {
                        failed.load(ordering: .acquiring) || reporting.withLock { _ in shouldStop() }
                    }) { event in
                        reporting.withLock { _ in events(.training(job.run, event)) }
                    }
                    try reporting.withLock { _ in try finished(job.run, result.metrics, result.weights) }
                    return (result.metrics, result.weights)
                }
                if case .failure = outcome { failed.store(true, ordering: .releasing) }
                outcomes.withLock { $0[index] = outcome }
            }
            let finished = outcomes.withLock { $0 }
            let failures = wave.compactMap { index -> (any Error)? in
                if case .failure(let error) = finished[index] { return error }
                return nil
            }
            // The cause, not the runs it stopped.
            if let error = failures.first(where: { ($0 as? TrainingError) != .interrupted }) ?? failures.first { throw error }
            for index in wave { if case .success(let value) = finished[index] { results[index] = value } }
        }
        return try jobs.indices.map { index in
            guard let (metrics, weights) = results[index] else { throw TrainingError.interrupted }
            return (jobs[index].run, metrics, weights)
        }
    }
}
