import Foundation

/// The files of one upload after checking: safe names, one of the two accepted types, no two
/// with the same name. Nothing here has touched the disk yet.
struct UploadedFiles: Sendable {
    enum Kind: String, Codable, Sendable {
        case workbook
        case csv
    }

    struct File: Sendable {
        var name: String
        var kind: Kind
        var data: Data
    }

    var files: [File]

    var workbooks: [File] { files.filter { $0.kind == .workbook } }
    var csvFiles: [File] { files.filter { $0.kind == .csv } }

    /// Checks each file's name and type; the first problem is thrown, naming the file.
    init(_ uploaded: [MultipartForm.File]) throws(UploadProblem) {
        guard !uploaded.isEmpty else { throw UploadProblem(.unprocessableContent, "Choose at least one file to upload.") }
        var seen = Set<String>()
        files = []
        for file in uploaded {
            guard let name = Self.safeName(file.fileName) else {
                throw UploadProblem(.unprocessableContent, "A file's name (\"\(file.fileName)\") has no letters or digits to keep; rename it and try again.")
            }
            guard seen.insert(name.lowercased()).inserted else {
                throw UploadProblem(.unprocessableContent, "Two files are named \"\(name)\"; each file needs its own name.")
            }
            files.append(File(name: name, kind: try Self.kind(of: file.data, named: name), data: file.data))
        }
    }

    /// The longest name kept, in characters; longer names are shortened before the extension.
    static let maxNameLength = 120

    /// A name that is safe as one path component on any file system: the browser's name without
    /// any folder part, in NFC, with letters, digits, spaces and `.-_()` kept and everything else
    /// made `_`, no leading dots (no hidden files, no `..`). `nil` when nothing usable is left.
    static func safeName(_ raw: String) -> String? {
        // Old browsers send the whole client path; either separator may be the client's.
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(last.precomposedStringWithCanonicalMapping.unicodeScalars.compactMap { scalar -> Character? in
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format { return nil }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return Character(scalar) }
            return " .-_()".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
        })
        name = String(name.drop { $0 == "." || $0 == " " })
        while name.last == " " || name.last == "." { name.removeLast() }
        guard name.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
        if name.count > maxNameLength {
            let ext = (name as NSString).pathExtension
            let keep = maxNameLength - (ext.isEmpty ? 0 : ext.count + 1)
            name = String(name.prefix(keep)) + (ext.isEmpty ? "" : "." + ext)
        }
        return name
    }

    /// What a file is, by its extension confirmed by its content.
    static func kind(of data: Data, named name: String) throws(UploadProblem) -> Kind {
        guard !data.isEmpty else { throw UploadProblem(.unprocessableContent, "\"\(name)\" is empty.") }
        switch (name as NSString).pathExtension.lowercased() {
        case "xlsx":
            // An .xlsx is a zip archive; anything else named .xlsx (an old .xls, a renamed CSV)
            // would only fail later with a vaguer message.
            guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
                throw UploadProblem(.unsupportedMediaType, "\"\(name)\" is named .xlsx but is not an Excel workbook (save it as .xlsx from Excel or LibreOffice).")
            }
            return .workbook
        case "csv":
            // Text never holds a NUL byte; a spreadsheet saved under a .csv name does.
            guard !data.prefix(64 * 1024).contains(0) else {
                throw UploadProblem(.unsupportedMediaType, "\"\(name)\" is named .csv but is not a text file (export it as CSV, UTF-8).")
            }
            return .csv
        default:
            throw UploadProblem(.unsupportedMediaType, "\"\(name)\": only .xlsx workbooks and .csv files can be uploaded.")
        }
    }
}
