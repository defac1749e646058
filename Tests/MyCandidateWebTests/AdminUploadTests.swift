import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MyCandidateDomain
@testable import MyCandidateWeb
import MyCandidateStorage
import Testing
import ZIPFoundation

/// Uploading from the browser: checked files become a draft with a report and a diff, then
/// Publish or Discard; anything wrong stores nothing.
@Suite struct AdminUploadTests {
    typealias Browser = AdminTests.Browser

    /// The fixture app (version 1 published) with one account, and where its files go.
    func withApp(uploadMaxBytes: Int = 1 << 20, _ body: @Sendable (Browser, URL, AppConfig) async throws -> Void) async throws {
        var config = try await WebFixture.config()
        config.uploadMaxBytes = uploadMaxBytes
        let repository = try await makeRepository(config.database, logger: Logger(label: "test"))
        _ = try await repository.addUser(username: "admin", passwordHash: AdminTests.passwordHash)
        await repository.shutdown()
        let app = try await buildApplication(config, rateLimitClock: TokenBucketLimiter.continuousNow())
        let files = URL(fileURLWithPath: config.filesDirectory)
        let settings = config
        try await app.test(.router) { client in
            let browser = Browser(client)
            _ = try await browser.signIn()
            try await body(browser, files, settings)
        }
    }

    /// A file part of a multipart form.
    struct Part {
        var field = "files"
        var fileName: String
        var data: Data
    }

    /// Posts the upload form as a browser would, with the session's CSRF token unless given.
    static func upload(
        _ browser: Browser, fields: [String: String], files: [Part], token: String? = nil
    ) async throws -> TestResponse {
        var csrf = token ?? ""
        if token == nil { csrf = try Browser.token(in: try await browser.get("/admin/upload")) }
        let boundary = "----MyCandidateTest\(UUID().uuidString)"
        var body = Data()
        func add(_ text: String) { body.append(Data(text.utf8)) }
        for (name, value) in [("csrf_token", csrf)] + fields.sorted(by: { $0.key < $1.key }) {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for part in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.field)\"; filename=\"\(part.fileName)\"\r\n")
            add("Content-Type: application/octet-stream\r\n\r\n")
            body.append(part.data)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        return try await browser.send(
            "/admin/upload", method: .post, contentType: "multipart/form-data; boundary=\(boundary)", body: ByteBuffer(data: body)
        )
    }

    static let wardFields = ["kind": "ballot", "ballot": "ward", "area_column": "Ward Code", "area_name_column": "Ward Name", "level": "ward"]

    /// The ward ballot again, with Kamau withdrawn and Achieng added.
    static let wardCSV = Data("""
        Ward Code,Ward Name,Surname,Given Names,Party
        1,Harbour,Ochieng,Baraka,Harbour Democrats
        1,Harbour,Achieng,Mercy,Sunrise Alliance
        """.utf8)

    static func versions(_ config: AppConfig) async throws -> [DatasetVersion] {
        let repository = try await makeRepository(config.database, logger: Logger(label: "test"))
        defer { Task { await repository.shutdown() } }
        return try await repository.versions()
    }

    static func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func signedOutVisitorsCannotUpload() async throws {
        let config = try await WebFixture.config()
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let browser = Browser(client)
            let form = try await browser.get("/admin/upload")
            #expect(form.status == .seeOther)
            #expect(form.headers[.location] == "/admin/login")
            let post = try await Self.upload(browser, fields: Self.wardFields, files: [Part(fileName: "ward.csv", data: Self.wardCSV)], token: "x")
            #expect(post.status == .seeOther)
            #expect(post.headers[.location] == "/admin/login")
            #expect(Self.contents(URL(fileURLWithPath: config.filesDirectory)).isEmpty)
        }
    }

    @Test func oneBallotUploadBecomesADraftShowingItsChangesThenPublishes() async throws {
        try await withApp { browser, files, config in
            let form = try await browser.get("/admin/upload")
            #expect(form.status == .ok)
            #expect(form.headers[.cacheControl] == "no-store")
            #expect(String(buffer: form.body).contains(#"<option value="ward">Ward</option>"#))

            let response = try await Self.upload(browser, fields: Self.wardFields, files: [Part(fileName: "ward.csv", data: Self.wardCSV)])
            #expect(response.status == .seeOther, "\(String(buffer: response.body))")
            #expect(response.headers[.location] == "/admin/versions/2")

            let versions = try await Self.versions(config)
            #expect(versions.map(\.status) == [.draft, .published])
            #expect(versions[0].importedBy == "admin")
            #expect(versions[0].sources.map(\.file) == ["ward.csv"])
            #expect(Self.contents(files.appendingPathComponent("versions/2")) == ["upload-report.json", "ward.csv"])
            #expect(Self.contents(files.appendingPathComponent("uploads")).isEmpty)

            let review = try await browser.get("/admin/versions/2")
            #expect(review.status == .ok)
            let html = String(buffer: review.body)
            #expect(html.contains("Against published version 1: <strong>1 added, 1 removed, 0 changed</strong>"))
            #expect(html.contains("<li>Added: Mercy Achieng</li>"))
            #expect(html.contains("<li>Removed: Wanjiru Kamau</li>"))
            #expect(html.contains(#"action="/admin/versions/2/publish""#))
            #expect(html.contains(#"action="/admin/versions/2/discard""#))
            // The other ballot came through the merge untouched.
            #expect(!html.contains("provincial ·"))

            // Not public until published.
            #expect(!String(buffer: try await browser.get("/ballots/ward/areas/ward-1").body).contains("Achieng"))
            let published = try await browser.post("/admin/versions/2/publish", ["csrf_token": try Browser.token(in: review)])
            #expect(published.headers[.location] == "/admin?published=2")
            let page = String(buffer: try await browser.get("/ballots/ward/areas/ward-1").body)
            #expect(page.contains("Achieng") && !page.contains("Kamau"))
            #expect(String(buffer: try await browser.get("/ballots/provincial/areas/kwazulu-natal").body).contains("Nkosi"))
        }
    }

    @Test func aWorkbookWithItsCSVFilesIsImportedWhole() async throws {
        try await withApp { browser, files, config in
            let response = try await Self.upload(browser, fields: ["kind": "workbook"], files: try Self.fixtureWorkbook())
            #expect(response.status == .seeOther, "\(String(buffer: response.body))")
            let location = try #require(response.headers[.location])
            let review = String(buffer: try await browser.get(location).body)
            #expect(review.contains("<li>Ballots added: national</li>"), "\(review)")
            #expect(review.contains("<li>Ballots removed: provincial</li>"))
            let version = try #require(try await Self.versions(config).first)
            #expect(version.status == .draft)
            #expect(version.sources.map(\.file).sorted() == ["national.csv", "seed.xlsx", "ward.csv"])
            #expect(Self.contents(files.appendingPathComponent("versions/\(version.id)")) == ["national.csv", "seed.xlsx", "upload-report.json", "ward.csv"])
        }
    }

    @Test func problemsInTheFilesAreListedAndNothingIsStored() async throws {
        try await withApp { browser, files, config in
            let broken = Data("Ward Code,Ward Name,Surname,Given Names,Party\n1,Harbour,,,Harbour Democrats\n".utf8)
            let response = try await Self.upload(browser, fields: Self.wardFields, files: [Part(fileName: "ward.csv", data: broken)])
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("nothing was stored"))
            #expect(html.contains("<tr><td>ward.csv</td><td>2</td>"), "\(html)")

            let wrongColumn = try await Self.upload(
                browser, fields: Self.wardFields.merging(["area_column": "Ward Number"]) { $1 }, files: [Part(fileName: "ward.csv", data: Self.wardCSV)]
            )
            #expect(wrongColumn.status == .unprocessableContent)
            #expect(String(buffer: wrongColumn.body).contains("locator column &quot;Ward Number&quot; not found"))

            #expect(try await Self.versions(config).count == 1)
            #expect(Self.contents(files.appendingPathComponent("uploads")).isEmpty)
            #expect(Self.contents(files.appendingPathComponent("versions")).isEmpty)
        }
    }

    @Test func filesAreCheckedByNameTypeAndSize() async throws {
        try await withApp(uploadMaxBytes: 4096) { browser, files, config in
            let cases: [(Part, HTTPResponse.Status, String)] = [
                (Part(fileName: "ward.exe", data: Self.wardCSV), .unsupportedMediaType, "only .xlsx workbooks and .csv files"),
                (Part(fileName: "ward.csv", data: Data([0x50, 0x4B, 0x03, 0x04, 0, 0])), .unsupportedMediaType, "is not a text file"),
                (Part(fileName: "..", data: Self.wardCSV), .unprocessableContent, "has no letters or digits"),
                (Part(fileName: "ward.csv", data: Data()), .unprocessableContent, "is empty"),
                (Part(fileName: "ward.csv", data: Data(repeating: 0x41, count: 5000)), .contentTooLarge, "larger than"),
            ]
            for (part, status, text) in cases {
                let response = try await Self.upload(browser, fields: Self.wardFields, files: [part])
                #expect(response.status == status, "\(part.fileName)")
                #expect(String(buffer: response.body).contains(text), "\(part.fileName): \(String(buffer: response.body))")
            }
            let workbookAsCSVUpload = try await Self.upload(
                browser, fields: ["kind": "workbook"], files: [Part(fileName: "seed.xlsx", data: Data("not a zip".utf8))]
            )
            #expect(workbookAsCSVUpload.status == .unsupportedMediaType)
            let noWorkbook = try await Self.upload(browser, fields: ["kind": "workbook"], files: [Part(fileName: "ward.csv", data: Self.wardCSV)])
            #expect(noWorkbook.status == .unprocessableContent)
            let noBallot = try await Self.upload(browser, fields: ["kind": "ballot", "area_column": "Ward Code"], files: [Part(fileName: "ward.csv", data: Self.wardCSV)])
            #expect(noBallot.status == .unprocessableContent)
            #expect(String(buffer: noBallot.body).contains("Say which ballot"))
            let forged = try await Self.upload(browser, fields: Self.wardFields, files: [Part(fileName: "ward.csv", data: Self.wardCSV)], token: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await Self.versions(config).count == 1)
            #expect(Self.contents(files.appendingPathComponent("uploads")).isEmpty)

            // A client-side path is cut to its last part and odd characters made harmless.
            let pathy = try await Self.upload(browser, fields: Self.wardFields, files: [Part(fileName: "../../tmp/ward list;1.csv", data: Self.wardCSV)])
            #expect(pathy.status == .seeOther)
            #expect(Self.contents(files.appendingPathComponent("versions/2")) == ["upload-report.json", "ward list_1.csv"])
        }
    }

    @Test func anUploadCutShortStoresNothing() async throws {
        try await withApp { browser, files, config in
            let token = try Browser.token(in: try await browser.get("/admin/upload"))
            let boundary = "cut"
            var body = ""
            for (name, value) in [("csrf_token", token)] + Self.wardFields.sorted(by: { $0.key < $1.key }) {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"ward.csv\"\r\n\r\n"
            body += String(decoding: Self.wardCSV, as: UTF8.self)
            let response = try await browser.send(
                "/admin/upload", method: .post, contentType: "multipart/form-data; boundary=\(boundary)", body: ByteBuffer(string: body)
            )
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("ended before its last part"))
            #expect(try await Self.versions(config).count == 1)
            #expect(Self.contents(files.appendingPathComponent("uploads")).isEmpty)
        }
    }

    @Test func aDraftCanBeDiscardedButPublishedVersionsStay() async throws {
        try await withApp { browser, files, config in
            let response = try await Self.upload(browser, fields: Self.wardFields, files: [Part(fileName: "ward.csv", data: Self.wardCSV)])
            #expect(response.headers[.location] == "/admin/versions/2")
            let review = try await browser.get("/admin/versions/2")
            let token = try Browser.token(in: review)

            let discarded = try await browser.post("/admin/versions/2/discard", ["csrf_token": token])
            #expect(discarded.headers[.location] == "/admin?discarded=2")
            #expect(String(buffer: try await browser.get("/admin?discarded=2").body).contains("Draft version 2 was discarded."))
            #expect(try await Self.versions(config).map(\.id) == [1])
            #expect(!FileManager.default.fileExists(atPath: files.appendingPathComponent("versions/2").path))
            #expect(try await browser.get("/admin/versions/2").status == .notFound)

            let log = String(buffer: try await browser.get("/admin/audit").body)
            #expect(log.contains("draft version 2 from ward.csv"))
            #expect(log.contains("<td>discard</td>") && log.contains("<td>draft version 2</td>"), "\(log)")
            #expect(try await browser.post("/admin/versions/1/discard", ["csrf_token": token]).status == .conflict)
            #expect(try await browser.post("/admin/versions/1/discard", [:]).status == .forbidden)
            #expect(try await Self.versions(config).map(\.id) == [1])
        }
    }

    @Test func headerParametersKeepQuotedSeparators() {
        let parameters = HeaderParameters.parameters(of: #"form-data; name="files"; filename="a;b=c \"d\".csv""#)
        #expect(parameters == ["name": "files", "filename": #"a;b=c "d".csv"#])
        #expect(HeaderParameters.parameters(of: "multipart/form-data; boundary=xyz")["boundary"] == "xyz")
        #expect(HeaderParameters.parameters(of: "form-data; name=f; filename=\"x.csv\"; filename*=UTF-8''Nair%C3%B3bi.csv")["filename"] == "Nairóbi.csv")
        #expect(UploadedFiles.safeName("../../etc/passwd") == "passwd")
        #expect(UploadedFiles.safeName(#"C:\Users\amani\ward.csv"#) == "ward.csv")
        #expect(UploadedFiles.safeName(".hidden.csv") == "hidden.csv")
        #expect(UploadedFiles.safeName("Ward list (2024) é.csv") == "Ward list (2024) é.csv")
        #expect(UploadedFiles.safeName("a\u{0}b<c>.csv") == "ab_c_.csv")
        #expect(UploadedFiles.safeName("...") == nil)
        #expect(UploadedFiles.safeName(String(repeating: "x", count: 300) + ".csv")?.count == UploadedFiles.maxNameLength)
    }

    /// The import tests' fixture workbook, zipped as `seed.xlsx`, with the CSV files it names.
    static func fixtureWorkbook() throws -> [Part] {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("MyCandidateImportTests/Fixtures")
        let workbook = fixtures.appendingPathComponent("workbook")
        let zipped = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: zipped) }
        let archive = try Archive(url: zipped, accessMode: .create)
        let enumerator = try #require(FileManager.default.enumerator(atPath: workbook.path))
        while let path = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            let url = workbook.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            try archive.addEntry(with: path, relativeTo: workbook, compressionMethod: .deflate)
        }
        return [Part(fileName: "seed.xlsx", data: try Data(contentsOf: zipped))] + ["ward.csv", "national.csv"].map {
            Part(fileName: $0, data: (try? Data(contentsOf: fixtures.appendingPathComponent("workbook-csv/\($0)"))) ?? Data())
        }
    }
}
