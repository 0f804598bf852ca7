import Domain
import Foundation

extension JSONValue {
    static func time(_ d: Date?) -> JSONValue { d.map { .string(APIFormat.timestamp($0)) } ?? .null }
}
