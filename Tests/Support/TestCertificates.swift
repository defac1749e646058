import Foundation

/// A throwaway CA and a server certificate it signed, for `127.0.0.1` and `localhost`, made with
/// the `openssl` command line tool.
public struct TestCertificates: Sendable {
    public var caCertificate: URL
    public var serverCertificate: URL
    public var serverKey: URL

    public static func make(in folder: URL) async throws -> TestCertificates {
        guard let openssl = executable(named: "openssl") else {
            throw TestSetupError("openssl is not on PATH; the TLS test needs it to make certificates")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let extensions = folder.appendingPathComponent("server.ext")
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\n".utf8).write(to: extensions)
        try await runProgram(openssl, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=MyCandidate Test CA",
        ], in: folder)
        try await runProgram(openssl, [
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
        ], in: folder)
        try await runProgram(openssl, [
            "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-out", "server.crt", "-extfile", "server.ext",
        ], in: folder)
        return TestCertificates(
            caCertificate: folder.appendingPathComponent("ca.crt"),
            serverCertificate: folder.appendingPathComponent("server.crt"),
            serverKey: folder.appendingPathComponent("server.key")
        )
    }
}
