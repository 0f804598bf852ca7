import Foundation

/// One schema step: `Migrations/NNNN_name.sql`, shipped as a resource of this module so the SQL
/// reads as SQL and reviews as SQL. `schema_migrations` records version and name.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String
}

public enum MigrationError: Error, CustomStringConvertible {
    case missingResources
    case badFileName(String)
    case duplicateVersion(Int)

    public var description: String {
        switch self {
        case .missingResources: return "the migrations are missing from the ReadModels resource bundle"
        case .badFileName(let name): return "migration file \(name) is not named NNNN_name.sql"
        case .duplicateVersion(let v): return "two migration files carry version \(v)"
        }
    }
}

extension Migration {
    /// Every migration, in version order. Append only: a released migration never changes.
    public static func all() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "Migrations", withExtension: nil) else { throw MigrationError.missingResources }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
        var out: [Migration] = []
        for file in files {
            let stem = file.deletingPathExtension().lastPathComponent
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw MigrationError.badFileName(file.lastPathComponent)
            }
            out.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]),
                                 sql: try String(contentsOf: file, encoding: .utf8)))
        }
        out.sort { $0.version < $1.version }
        for (a, b) in zip(out, out.dropFirst()) where a.version == b.version { throw MigrationError.duplicateVersion(a.version) }
        return out
    }
}
