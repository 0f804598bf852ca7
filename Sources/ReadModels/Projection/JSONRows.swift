import Foundation
import PostgresNIO

/// Bulk writes go to PostgreSQL as one JSON array expanded by `jsonb_to_recordset`: one round
/// trip and one parameter for any number of rows, with NULLs and arrays handled by the server.
enum JSONRows {
    static func encode<Row: Encodable>(_ rows: [Row]) throws -> String {
        String(decoding: try encoder.encode(rows), as: UTF8.self)
    }

    /// One value as JSON text, for a jsonb column.
    static func document<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A jsonb column written by `document`, read back as text (its dates are epoch seconds).
    static func value<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try decoder.decode(type, from: Data(text.utf8))
    }

    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        return d
    }()

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(date.timeIntervalSince1970)
        }
        return e
    }()
}
