import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM turn into a flag the training loop polls after every mini-batch, so a run stops
/// within a fraction of a second, cleans up its temporary files and leaves earlier outputs as they were.
enum Interruption {
    /// The signal that arrived (0: none). Written by the signal handler's queue, read by the training
    /// thread: an atomic, so the read always sees the write.
    private static let received = Atomic<Int32>(0)
    /// The signal sources, kept alive for the life of the process. Safe without a lock: only `install`
    /// touches it, and each command calls `install` once, on the main thread, before any work starts.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// True once a signal has arrived.
    static var requested: Bool { received.load(ordering: .acquiring) != 0 }

    /// 130 after SIGINT, 143 after SIGTERM, as shells expect.
    static var exitCode: Int32 { 128 + received.load(ordering: .acquiring) }

    /// Starts listening for SIGINT and SIGTERM.
    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                // A second signal stops at once; the first only raises the flag.
                let (exchanged, _) = received.compareExchange(expected: 0, desired: signalNumber, ordering: .acquiringAndReleasing)
                if !exchanged { exit(128 + signalNumber) }
            }
            source.resume()
            sources.append(source)
        }
    }
}
