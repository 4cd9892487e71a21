import MNIST
import NeuralNet
import Synchronization
import Training

/// Trains a report's runs, several side by side when there are several and more than one thread:
/// each run gets `threads / side-by-side` threads. On 2 cores two runs with one thread each finished
/// in 11.9 s where the same two one after the other with two threads took 13.6 s (medians of 8
/// alternating pairs, MyNet, one epoch of 20,000 images, `digits train` processes; see the issue-13
/// note): one-thread runs never wait for each other at the end of a shard or a product.
/// Results never depend on it: a run's bits are the same with any thread count.
enum MultiRunTrainer {
    /// Trains every job and returns (run, metrics, weights) in job order. The first failure stops the
    /// other runs and is rethrown; `shouldStop` stops them all with `TrainingError.interrupted`.
    static func train(
        _ jobs: [(run: RunID, config: TrainingConfig)], compute: ComputeSettings, data: MNIST,
        shouldStop: () -> Bool, events: (ReportEvent) -> Void
    ) throws -> [(RunID, RunMetrics, [UInt8])] {
        let sideBySide = min(jobs.count, compute.threads)
        guard sideBySide > 1 else {
            return try jobs.map { job in
                let result = try TrainingRun.execute(job.config, compute: compute, data: data, shouldStop: shouldStop) {
                    events(.training(job.run, $0))
                }
                return (job.run, result.metrics, result.weights)
            }
        }
        var perRun = compute
        perRun.threads = max(1, compute.threads / sideBySide)
        // Longest first (MyNet before ConvNet), so that the last runs to start are the short ones.
        let order = jobs.indices.sorted { (jobs[$0].run.network == .mynet ? 0 : 1, $0) < (jobs[$1].run.network == .mynet ? 0 : 1, $1) }
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let outcomes = Mutex<[Int: Result<(RunMetrics, [UInt8]), any Error>]>([:])
        let reporting = Mutex<Void>(())
        // Each worker takes the next job until none is left; workers write only their own job's outcome.
        concurrently(sideBySide) { _ in
            while true {
                let position = next.add(1, ordering: .relaxed).oldValue
                guard position < order.count, !failed.load(ordering: .acquiring) else { return }
                let index = order[position]
                let job = jobs[index]
                let outcome = Result { () throws -> (RunMetrics, [UInt8]) in
                    let result = try TrainingRun.execute(job.config, compute: perRun, data: data, shouldStop: {
                        failed.load(ordering: .acquiring) || reporting.withLock { _ in shouldStop() }
                    }) { event in
                        if case .epoch = event { reporting.withLock { _ in events(.training(job.run, event)) } }
                    }
                    return (result.metrics, result.weights)
                }
                if case .failure = outcome { failed.store(true, ordering: .releasing) }
                outcomes.withLock { $0[index] = outcome }
            }
        }
        let results = outcomes.withLock { $0 }
        // The first failure in job order that is not just another run being stopped.
        let failures = jobs.indices.compactMap { index -> (any Error)? in
            if case .failure(let error) = results[index] { return error }
            return nil
        }
        if let error = failures.first(where: { ($0 as? TrainingError) != .interrupted }) ?? failures.first { throw error }
        return try jobs.indices.map { index in
            guard case .success(let (metrics, weights)) = results[index] else { throw TrainingError.interrupted }
            return (jobs[index].run, metrics, weights)
        }
    }
}
