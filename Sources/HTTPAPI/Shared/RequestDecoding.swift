import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads JSON bodies — every body-reading route goes through `json(_:context:)` — and turns each
/// way a body can be unusable into a refusal in the envelope of the context's dialect: a media
/// type that is not JSON (415), a body over `InputLimits.requestBodyBytes` (413, refused from
/// `Content-Length` before reading when the client sends one), text that is not JSON (422), a
/// character no field may hold anywhere in the document (422 naming its path), and a value of the
/// wrong type (422 naming the field).
enum RequestDecoding {
    static let maxBodyBytes = InputLimits.requestBodyBytes

    /// A body read and parsed once; routes decode their typed request from `bytes` and digest `value`.
    struct Body {
        var value: JSONValue
        var bytes: ByteBuffer
        /// The request's digest for Idempotency-Key (canonical JSON, so key order does not matter).
        var fingerprint: String { RequestFingerprint.of(value) }
    }

    static func json<Context: DialectRequestContext>(_ request: Request, context: Context) async throws -> Body {
        do { return try await json(request) } catch { throw Context.Failure(error) }
    }

    static func decode<T: Decodable, Context: DialectRequestContext>(_ type: T.Type, from buffer: ByteBuffer, context: Context) throws -> T {
        try decode(type, from: buffer, failure: Context.Failure.self)
    }

    static func decode<T: Decodable, Failure: DialectError>(_ type: T.Type, from buffer: ByteBuffer, failure: Failure.Type) throws(Failure) -> T {
        do { return try decode(type, from: buffer) } catch { throw Failure(error) }
    }

    private static func json(_ request: Request) async throws(RequestProblem) -> Body {
        try checkMediaType(request.headers[.contentType])
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes { throw tooLarge }
        let bytes: ByteBuffer
        do { bytes = try await request.body.collect(upTo: maxBodyBytes) } catch { throw tooLarge }
        return try json(bytes)
    }

    /// A body already in hand (a record of the commands topic): the same checks as a request's,
    /// but its size and media type, which the record's reader checks.
    static func json(_ bytes: ByteBuffer) throws(RequestProblem) -> Body {
        let value = try decode(JSONValue.self, from: bytes)
        if let (path, scalar) = value.firstForbiddenCharacter() {
            let field = FieldPath.render(path)
            throw .refusedBody(InputScreen.forbiddenCharacter(scalar, field: field.isEmpty ? "body" : field))
        }
        return Body(value: value, bytes: bytes)
    }

    static let tooLarge = RequestProblem.bodyTooLarge(
        message: "the request body is larger than \(maxBodyBytes) bytes (\(maxBodyBytes >> 20) MiB), the most this API accepts")

    /// JSON, as `application/json` or a `+json` type, in UTF-8 (RFC 8259). A request without a
    /// Content-Type is read as JSON: some integration tools send none, and nothing else is accepted.
    private static func checkMediaType(_ header: String?) throws(RequestProblem) {
        guard let header else { return }
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let type = parts.first ?? ""
        let charset = parts.dropFirst().first { $0.hasPrefix("charset=") }?.dropFirst(8).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")),
              charset == nil || charset == "utf-8" || charset == "utf8" else {
            throw .unsupportedMediaType(
                message: "send the body as JSON in UTF-8 with Content-Type: application/json (got \(InputScreen.printable(header)))")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws(RequestProblem) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw .internalError  // Decodable types here throw only DecodingError
        }
    }

    private static func describe(_ error: DecodingError) -> RequestProblem {
        switch error {
        case .typeMismatch(let type, let ctx):
            let p = path(ctx.codingPath)
            return .unreadableBody(code: "invalid_type", message: "\(p.isEmpty ? "body" : p) must be \(describe(type))", field: p.isEmpty ? nil : p)
        case .valueNotFound(let type, let ctx):
            let p = path(ctx.codingPath)
            return .unreadableBody(code: "invalid_type", message: "\(p) must be \(describe(type)), not null", field: p)
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            return .unreadableBody(code: "missing_field", message: "\(p) is required", field: p)
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            return p.isEmpty ? .unreadableBody(code: "invalid_json", message: "the request body is not valid JSON", field: nil)
                : .unreadableBody(code: "invalid_value", message: "\(p) is not valid: \(ctx.debugDescription)", field: p)
        @unknown default:
            return .unreadableBody(code: "invalid_json", message: "the request body could not be read", field: nil)
        }
    }

    /// `items[3].date_of_birth` from a coding path.
    static func path(_ keys: [CodingKey]) -> String {
        FieldPath.render(keys.map { key in key.intValue.map(FieldPath.Component.index) ?? .key(key.stringValue) })
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
