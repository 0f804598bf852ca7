/// Names that differ only in case and surrounding space name the same thing: a tag, a location,
/// a workflow stage, an external-id type. Reference data and tags are looked up by this key.
public enum NameKey {
    public static func of(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
