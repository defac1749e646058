/// Reads typed settings from environment variables. An invalid value adds a line naming the
/// variable to `problems` and yields the default, so one pass reports every mistake at once.
struct SettingsReader {
    let environment: [String: String]

    /// The variable's value without surrounding spaces; `nil` when unset or blank.
    func value(_ name: String) -> String? {
        guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`); `nil` when unset or invalid.
    func bool(_ name: String, problems: inout [String]) -> Bool? {
        guard let raw = value(name) else { return nil }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            problems.append("\(name)=\(raw) is not a boolean (use true or false)")
            return nil
        }
    }

    /// A whole number within `range`, or `fallback` when unset or invalid.
    func int(_ name: String, default fallback: Int, range: ClosedRange<Int>, problems: inout [String]) -> Int {
        guard let raw = value(name) else { return fallback }
        guard let number = Int(raw), range.contains(number) else {
            problems.append("\(name)=\(raw) is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            return fallback
        }
        return number
    }
}
