import Foundation
import MyCandidateDomain

/// The JSON text a version's source files are stored as.
enum SourceFilesJSON {
    static func encode(_ sources: [SourceFile]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(sources), as: UTF8.self)
    }

    static func decode(_ json: String) throws -> [SourceFile] {
        try JSONDecoder().decode([SourceFile].self, from: Data(json.utf8))
    }
}
