/// Jaro-Winkler similarity (0...1): built for short strings with typos — transpositions and
/// dropped or substituted letters — and weighting agreement at the start, where names are
/// least often misspelt.
public enum JaroWinkler {
    /// Compares Unicode scalars. ASCII text (almost every folded name) is compared as its UTF-8
    /// bytes, which are its scalars, without copying it into arrays: the probabilistic tier
    /// calls this for every blocked candidate.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let ascii = a.utf8.withContiguousStorageIfAvailable { s in
            b.utf8.withContiguousStorageIfAvailable { t in isASCII(s) && isASCII(t) ? similarity(s, t) : nil } ?? nil
        } ?? nil
        if let ascii { return ascii }
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        return s.withUnsafeBufferPointer { s in t.withUnsafeBufferPointer { t in similarity(s, t) } }
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }

    private static func similarity<T: Equatable>(_ s: UnsafeBufferPointer<T>, _ t: UnsafeBufferPointer<T>) -> Double {
        if s.isEmpty && t.isEmpty { return 1 }
        if s.isEmpty || t.isEmpty { return 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: s.count + t.count) { flags in
            flags.initialize(repeating: false)
            let sMatched = UnsafeMutableBufferPointer(rebasing: flags[..<s.count])
            let tMatched = UnsafeMutableBufferPointer(rebasing: flags[s.count...])
            var matches = 0
            for i in 0..<s.count {
                let lo = max(0, i - window), hi = min(t.count - 1, i + window)
                guard lo <= hi else { continue }
                for j in lo...hi where !tMatched[j] && s[i] == t[j] {
                    sMatched[i] = true
                    tMatched[j] = true
                    matches += 1
                    break
                }
            }
            guard matches > 0 else { return 0 }
            var transpositions = 0
            var j = 0
            for i in 0..<s.count where sMatched[i] {
                while !tMatched[j] { j += 1 }
                if s[i] != t[j] { transpositions += 1 }
                j += 1
            }
            let m = Double(matches)
            let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions) / 2) / m) / 3
            var prefix = 0
            while prefix < min(4, s.count, t.count) && s[prefix] == t[prefix] { prefix += 1 }
            return jaro + Double(prefix) * 0.1 * (1 - jaro)
        }
    }
}
