import Dispatch
import Foundation

/// SIGINT and SIGTERM turn into a flag the training loop polls after every mini-batch, so a run stops
/// within a fraction of a second, cleans up its temporary files and leaves earlier outputs as they were.
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var received: Int32 = 0

    /// True once a signal has arrived.
    static var requested: Bool { received != 0 }

    /// 130 after SIGINT, 143 after SIGTERM, as shells expect.
    static var exitCode: Int32 { 128 + received }

    /// Starts listening for SIGINT and SIGTERM.
    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if received != 0 { exit(128 + signalNumber) }   // a second signal: stop now
                received = signalNumber
            }
            source.resume()
            sources.append(source)
        }
    }
}
