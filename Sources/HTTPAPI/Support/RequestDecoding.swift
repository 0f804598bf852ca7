import Foundation
import Hummingbird
import NIOCore

/// Reads and decodes JSON bodies, turning every decoding failure into a 422 that names the field.
enum RequestDecoding {
    static let maxBodyBytes = 32 << 20

    static func body(_ request: Request) async throws -> ByteBuffer {
        do { return try await request.body.collect(upTo: maxBodyBytes) } catch {
            throw APIError(.contentTooLarge, type: "invalid_request_error", code: "body_too_large",
                           message: "the request body is larger than \(maxBodyBytes >> 20) MiB")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch let error as DecodingError {
            throw describe(error)
        }
    }

    static func describe(_ error: DecodingError) -> APIError {
        switch error {
        case .typeMismatch(let type, let ctx):
            let p = path(ctx.codingPath)
            return .invalid("invalid_type", "\(p.isEmpty ? "body" : p) must be \(describe(type))", param: p.isEmpty ? nil : p)
        case .valueNotFound(let type, let ctx):
            let p = path(ctx.codingPath)
            return .invalid("invalid_type", "\(p) must be \(describe(type)), not null", param: p)
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            return .invalid("missing_field", "\(p) is required", param: p)
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            return p.isEmpty ? .invalid("invalid_json", "the request body is not valid JSON", param: nil)
                : .invalid("invalid_value", "\(p) is not valid: \(ctx.debugDescription)", param: p)
        @unknown default:
            return .invalid("invalid_json", "the request body could not be read", param: nil)
        }
    }

    /// `items[3].date_of_birth` from a coding path.
    static func path(_ keys: [CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return out
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Double.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            return name.contains("Dictionary") || name.contains("KeyedDecodingContainer") ? "an object" : "an object"
        }
    }
}
