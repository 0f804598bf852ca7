import Foundation

/// One dedicated OS thread that runs a client's librdkafka calls in submission order.
///
/// librdkafka calls block (commit, flush, poll with a timeout, metadata); running them on Swift's
/// cooperative pool would starve it, so each client owns a `Thread` and async callers wait on a
/// continuation instead. Because every call on a handle goes through the same thread, the handle's
/// Swift-side state needs no lock: it is confined to this thread.
///
/// When no job is queued the thread runs `idle` every `idleInterval` (producers use it to serve
/// delivery reports and error callbacks with `rd_kafka_poll(rk, 0)`).
final class KafkaThread: @unchecked Sendable {
    // @unchecked Sendable: `jobs` and `stopping` are only touched while holding `condition`.
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    private let idleInterval: TimeInterval
    private let idle: (@Sendable () -> Void)?

    init(name: String, idleInterval: TimeInterval = 0.1, idle: (@Sendable () -> Void)? = nil) {
        self.idleInterval = idleInterval
        self.idle = idle
        // The thread's closure keeps `self` alive until the loop ends (after `stop()`).
        let thread = Thread { [self] in
            // Named from inside: on Linux the OS-level name is only applied to the running thread.
            Thread.current.name = name
            self.loop()
        }
        thread.start()
    }

    /// Runs `body` on the thread and returns its result. Throws `closed` if the thread was stopped.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = submit {
                continuation.resume(with: Result { try body() })
            }
            if !accepted { continuation.resume(throwing: KafkaError.closed("client")) }
        }
    }

    /// Queues a job; false when the thread is stopping (the job will never run).
    @discardableResult
    func submit(_ job: @escaping () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Lets the already-queued jobs finish, then ends the thread. Non-blocking, idempotent.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            if jobs.isEmpty && !stopping {
                _ = condition.wait(until: Date(timeIntervalSinceNow: idleInterval))
            }
            let batch = jobs
            jobs.removeAll()
            let done = stopping && batch.isEmpty
            condition.unlock()

            if done { return }
            if batch.isEmpty {
                idle?()
            } else {
                for job in batch { job() }
            }
        }
    }
}
