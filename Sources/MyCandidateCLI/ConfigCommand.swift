import ArgumentParser
import Foundation
import MyCandidateWeb

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the configuration read from environment variables.",
        subcommands: [ConfigCheckCommand.self]
    )
}

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print every setting with its effective value and source, secrets redacted.",
        discussion: "Exits 1 with one line per invalid value, naming its variable. Nothing is connected to."
    )

    func run() throws {
        let report = ConfigReport(environment: ProcessInfo.processInfo.environment)
        print(report.text)
        for name in report.unknownVariables {
            printError("warning: \(name) is set but is not a MyCandidate setting (a typo?); it is ignored")
        }
        guard report.isValid else {
            for problem in report.problems { printError("invalid: \(problem)") }
            throw ExitCode.failure
        }
        print("configuration is valid")
    }
}
