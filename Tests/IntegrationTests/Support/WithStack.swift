import Foundation
import HTTPAPI

/// Runs a test body against a fresh stack and always tears it down. The broker: `KAFKA_BROKERS`
/// when set, else the embedded one; `kafkaBrokers: nil` asks for the embedded one. `disclosures`:
/// record reads (off unless asked, see `TestStack.disclosures`); `background`: the commands consumers and the waitlist's
/// process manager (off unless asked, see `TestStack.background`).
func withStack<T>(kafkaBrokers: String? = TestStack.outsideBroker, disclosures: DisclosureRecorder.Settings? = nil, background: Bool = false,
                  snapshotEvery: Int? = nil, _ body: (TestStack) async throws -> T) async throws -> T {
    let stack = try await TestStack.start(kafkaBrokers: kafkaBrokers, background: background, disclosures: disclosures,
                                          snapshotEvery: snapshotEvery)
    do {
        let result = try await body(stack)
        await stack.stop()
        return result
    } catch {
        await stack.stop()
        throw error
    }
}

/// A valid batch item; tests change what they exercise.
func patientItem(_ first: String, _ last: String, _ extra: [String: Any] = [:]) -> [String: Any] {
    var item: [String: Any] = ["first_name": first, "last_name": last, "date_of_birth": "1984-07-12", "phone_number": "(212) 555-0188"]
    for (k, v) in extra { item[k] = v }
    return item
}
