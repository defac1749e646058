import Foundation
import Hummingbird
import MultipartKit

/// A posted `multipart/form-data` form: its text fields and its files, read as the body streams
/// in and refused as soon as it passes a limit, so an oversized upload costs no more memory than
/// the limit.
struct MultipartForm {
    struct File {
        /// The name the browser gave, as sent (not yet safe to use on disk).
        var fileName: String
        var data: Data
    }

    var fields: [String: String]
    var files: [File]

    /// The most text a non-file field may hold: these forms have short option fields only.
    static let maxFieldBytes = 4 * 1024
    /// More parts than any real upload has; beyond it the form is refused.
    static let maxParts = 64

    /// Reads the request body; throws ``UploadProblem`` for anything malformed or over `maxBytes`.
    static func read(_ request: Request, maxBytes: Int) async throws -> MultipartForm {
        guard let contentType = request.headers[.contentType],
              HeaderParameters.value(of: contentType).lowercased() == "multipart/form-data" else {
            throw UploadProblem(.unsupportedMediaType, "Uploads must be sent as multipart/form-data, as the upload form does.")
        }
        guard let boundary = HeaderParameters.parameters(of: contentType)["boundary"], (1...70).contains(boundary.utf8.count) else {
            throw UploadProblem(.badRequest, "The upload has no valid multipart boundary.")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw UploadProblem.tooLarge(maxBytes)
        }

        let parts = PartCollector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in parts.header(name, value) }
        parser.onBody = { buffer in parts.body(&buffer) }
        parser.onPartComplete = { parts.complete() }
        var received = 0
        // The parser says nothing when the closing delimiter arrives, so the body's last bytes
        // are kept to check for it: without it the last file may be cut short.
        let closing = Array("--\(boundary)--".utf8)
        var tail: [UInt8] = []
        for try await buffer in request.body {
            received += buffer.readableBytes
            // Checked as bytes arrive: a missing or false Content-Length changes nothing.
            if received > maxBytes { throw UploadProblem.tooLarge(maxBytes) }
            tail = Array((tail + buffer.readableBytesView.suffix(closing.count + 8)).suffix(closing.count + 8))
            do {
                try parser.execute(buffer)
            } catch {
                throw UploadProblem(.badRequest, "The upload is not well-formed multipart/form-data.")
            }
            if let problem = parts.problem { throw problem }
        }
        while let last = tail.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: "\n") { tail.removeLast() }
        guard parts.finished, tail.suffix(closing.count).elementsEqual(closing) else {
            throw UploadProblem(.badRequest, "The upload ended before its last part; nothing was stored. Please try again.")
        }
        return MultipartForm(fields: parts.fields, files: parts.files)
    }
}

/// Gathers parts from the parser's callbacks, which run synchronously inside `execute`.
private final class PartCollector {
    var fields: [String: String] = [:]
    var files: [MultipartForm.File] = []
    var problem: UploadProblem?
    /// Whether at least one part was complete; the parser reports nothing about the epilogue.
    var finished = false
    private var partCount = 0
    private var disposition: String?
    private var body = Data()

    func header(_ name: String, _ value: String) {
        if name.lowercased() == "content-disposition" { disposition = value }
    }

    func body(_ buffer: inout ByteBuffer) {
        guard problem == nil else { return }
        body.append(contentsOf: buffer.readableBytesView)
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        if isFile == false, body.count > MultipartForm.maxFieldBytes {
            problem = UploadProblem(.badRequest, "A form field is longer than \(MultipartForm.maxFieldBytes) bytes.")
        }
    }

    func complete() {
        defer {
            disposition = nil
            body = Data()
        }
        guard problem == nil else { return }
        partCount += 1
        finished = true
        guard partCount <= MultipartForm.maxParts else {
            problem = UploadProblem(.badRequest, "The upload has more than \(MultipartForm.maxParts) parts.")
            return
        }
        let parameters = disposition.map(HeaderParameters.parameters(of:)) ?? [:]
        guard let name = parameters["name"] else {
            problem = UploadProblem(.badRequest, "A part of the upload has no form field name.")
            return
        }
        if let fileName = parameters["filename"] {
            // A file input left empty still sends a part, with no name and no bytes.
            if fileName.isEmpty && body.isEmpty { return }
            files.append(.init(fileName: fileName, data: body))
        } else {
            fields[name] = String(decoding: body, as: UTF8.self)
        }
    }

    /// Whether the part being read is a file; `nil` before its headers are known.
    private var isFile: Bool? {
        disposition.map { HeaderParameters.parameters(of: $0)["filename"] != nil }
    }
}

/// Why an upload was refused: shown to the admin on the upload page with its status.
struct UploadProblem: Error, Equatable {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func tooLarge(_ maxBytes: Int) -> UploadProblem {
        UploadProblem(.contentTooLarge, "The upload is larger than \(maxBytes >> 20) MB (UPLOAD_MAX_MB); nothing was stored.")
    }
}
