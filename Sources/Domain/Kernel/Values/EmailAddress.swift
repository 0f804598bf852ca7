import Foundation

/// E-mail syntax check and normalisation: trimmed, domain lower-cased (the local part is
/// case-sensitive by RFC 5321, so it is kept as sent).
public enum EmailAddress {
    public static func normalize(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 254, let at = text.lastIndex(of: "@") else { return nil }
        let local = text[..<at]
        let domain = text[text.index(after: at)...].lowercased()
        guard !local.isEmpty, local.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
              !local.contains(".."),
              local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+/=?^_`{|}~.-".contains($0)) })
        else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
              labels.allSatisfy({ label in
                  !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                      && label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
              }),
              let tld = labels.last, tld.count >= 2, tld.allSatisfy({ $0.isLetter })
        else { return nil }
        return local + "@" + domain
    }
}
