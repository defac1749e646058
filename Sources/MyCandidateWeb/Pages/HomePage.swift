import Foundation
import MyCandidateCache
import MyCandidateDomain

/// View model of the home page.
struct HomePage: Encodable, Sendable {
    struct BallotSection: Encodable, Sendable {
        var key: String
        var title: String
        var explainer: String?
        /// "Your ward", in the visitor's language.
        var pickerLabel: String
        var ballotPath: String
        var listEveryArea: String
        /// A drop-down picker, offered when the list is short enough to send on every home page.
        var picker: Picker?
    }

    struct Picker: Encodable, Sendable {
        var pickPath: String
        var areas: [AreaOption]
    }

    struct AreaOption: Encodable, Sendable {
        var id: String
        var label: String
    }

    /// Longer area lists (1,450 Kenyan wards) go on the ballot's own page instead.
    static let pickerLimit = 100

    /// With hierarchical data: pick your smallest area and see every ballot you will receive.
    struct AllBallots: Encodable, Sendable {
        var pickerLabel: String
        var picker: Picker?
    }

    var heading: String
    /// Shown once something is published: there is nothing to find before.
    var searchForm: SearchForm?
    var allBallots: AllBallots?
    var ballots: [BallotSection]

    init(_ request: PageRequest) {
        let snapshot = request.snapshot
        let text = request.text
        heading = snapshot.map { $0.site.title.isEmpty ? text.findYourCandidates : $0.site.title } ?? "MyCandidate"
        searchForm = snapshot.map { _ in SearchForm(request) }
        allBallots = snapshot.flatMap { Self.allBallots($0, text: text) }
        ballots = (snapshot?.ballots ?? []).map { ballot in
            let areas = snapshot?.areas(of: ballot.key) ?? []
            return BallotSection(
                key: ballot.key,
                title: ballot.title,
                explainer: ballot.explainer.nonEmpty,
                pickerLabel: text.format(\.yourLevel, ["level": AreaLabel.levelName(ballot.areaLevel)]),
                ballotPath: request.link(.ballot(ballot.key)),
                listEveryArea: text.format(\.listEveryArea, ["count": String(areas.count)]),
                picker: areas.count <= Self.pickerLimit
                    ? Picker(pickPath: SiteURL.pick.path, areas: areas.map { AreaOption(id: $0.id, label: AreaLabel.label($0, in: snapshot)) })
                    : nil
            )
        }
    }
}

extension HomePage {
    /// The deepest level of the hierarchy (wards), offered when there is one, since a voter
    /// there receives the ballots of every enclosing area too.
    static func allBallots(_ snapshot: Snapshot, text: UIText) -> AllBallots? {
        let parents = Set(snapshot.areas.compactMap(\.parentID))
        guard !parents.isEmpty else { return nil }
        let leaves = snapshot.areas.filter { $0.parentID != nil && !parents.contains($0.id) }
        guard let level = leaves.first?.level else { return nil }
        let options = leaves.filter { $0.level == level }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            .map { AreaOption(id: $0.id, label: AreaLabel.label($0, in: snapshot)) }
        return AllBallots(
            pickerLabel: text.format(\.yourLevel, ["level": AreaLabel.levelName(level)]),
            picker: options.count <= pickerLimit ? Picker(pickPath: SiteURL.pick.path, areas: options) : nil
        )
    }
}

/// How areas are named to voters.
enum AreaLabel {
    /// An area's name followed by its enclosing area, so two wards of the same name in different
    /// constituencies can be told apart.
    static func label(_ area: Area, in snapshot: Snapshot?) -> String {
        guard let parentID = area.parentID, let parent = snapshot?.area(parentID) else { return area.name }
        return "\(area.name) (\(parent.name))"
    }

    static func levelName(_ level: String) -> String {
        guard !level.isEmpty else { return "area" }
        return String(level.lowercased().map { $0 == "_" || $0 == "-" ? " " : $0 })
    }
}
