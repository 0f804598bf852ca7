import Foundation

/// PostgreSQL's text and jsonb cannot hold U+0000, so an event carrying one would stop the
/// archive (and every read model) at that event. The API refuses such input by field first; this
/// is the last check before the log, for whatever path a command arrived by.
enum StorableText {
    /// The JSON path of the first string or key holding U+0000 in an encoded JSON value, or nil.
    static func nulPath(inJSON bytes: [UInt8]) -> String? {
        guard containsNulEscape(bytes) else { return nil }
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else { return "" }
        return nulPath(in: value, at: "")
    }

    /// Whether the text has a `\u0000` escape (one not itself escaped as `\\u0000`). Linear.
    static func containsNulEscape(_ b: [UInt8]) -> Bool {
        var backslashes = 0
        var i = 0
        while i < b.count {
            if b[i] == 0x5C {
                backslashes += 1
            } else {
                if backslashes % 2 == 1, b[i] == 0x75, i + 4 < b.count,
                   b[i + 1] == 0x30, b[i + 2] == 0x30, b[i + 3] == 0x30, b[i + 4] == 0x30 {
                    return true
                }
                if b[i] == 0 { return true }
                backslashes = 0
            }
            i += 1
        }
        return false
    }

    private static func nulPath(in value: Any, at path: String) -> String? {
        switch value {
        case let s as String:
            return s.unicodeScalars.contains("\0") ? path : nil
        case let a as [Any]:
            for (i, v) in a.enumerated() { if let p = nulPath(in: v, at: "\(path)[\(i)]") { return p } }
        case let o as [String: Any]:
            for (k, v) in o.sorted(by: { $0.key < $1.key }) {
                let here = path.isEmpty ? k : "\(path).\(k)"
                if k.unicodeScalars.contains("\0") { return here }
                if let p = nulPath(in: v, at: here) { return p }
            }
        default:
            break
        }
        return nil
    }
}
