import Yams

/// Where a field the server names (`practitioners[0].workng_hours`, the path of its 422) stands in
/// the YAML file the declaration came from, so `org apply` can point at the line to fix. The
/// server sees only the JSON the CLI made of the file; only the file has lines.
enum YAMLFieldLines {
    enum Step: Equatable { case key(String), index(Int) }

    /// The 1-based line of `path` in `yaml`: a key's own line (a misspelt key is on it), an
    /// element's first line. When the path goes deeper than the file does (a required key that is
    /// missing), the line of the deepest part found. Nil when the text is not YAML, the path cannot
    /// be read, or not even its first step is in the file.
    static func line(of path: String, in yaml: String) -> Int? {
        guard let steps = parse(path), var node = (try? Yams.compose(yaml: yaml)) ?? nil else { return nil }
        var line: Int?
        for step in steps {
            switch step {
            case .key(let key):
                guard let pair = node.mapping?.first(where: { $0.key.string == key }) else { return line }
                line = pair.key.mark?.line
                node = pair.value
            case .index(let i):
                guard let sequence = node.sequence, sequence.indices.contains(i) else { return line }
                node = sequence[i]
                line = node.mark?.line
            }
        }
        return line
    }

    /// `practitioners[0].workng_hours (line 7): <message>`; without a field, the message alone.
    static func located(_ field: String?, _ message: String, in yaml: String) -> String {
        guard let field else { return message }
        return "\(field)\(line(of: field, in: yaml).map { " (line \($0))" } ?? ""): \(message)"
    }

    /// `practitioners[0].working_hours.monday[1]` → key, index, key, key, index (as
    /// `FieldPath.render` writes it). Nil for a path it could not have written.
    static func parse(_ path: String) -> [Step]? {
        var steps: [Step] = []
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let i = Int(rest[rest.index(after: rest.startIndex)..<close]), i >= 0 else { return nil }
                steps.append(.index(i))
                rest = rest[rest.index(after: close)...]
            } else {
                if rest.first == "." {
                    guard !steps.isEmpty else { return nil }
                    rest = rest.dropFirst()
                }
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                guard end > rest.startIndex else { return nil }
                steps.append(.key(String(rest[..<end])))
                rest = rest[end...]
            }
        }
        return steps.isEmpty ? nil : steps
    }
}
