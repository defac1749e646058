import Foundation
import MyCandidateDomain

/// Turns candidate lists into a validated ``Dataset``.
public enum Importer {
    /// Reads every file of every ballot and returns the complete dataset, or throws an
    /// ``ImportFailure`` listing every problem found (up to ``ImportFailure/limit``).
    ///
    /// Nothing is partially imported: one bad row anywhere fails the whole import, so that a
    /// published dataset is never missing candidates without anyone noticing.
    ///
    /// What the files decide:
    /// - Columns are found by ``HeaderMatcher`` synonyms unless `BallotSource.columns` names
    ///   them; ID-number columns are dropped; any other column lands in `Candidate.extra`.
    /// - Rows of only empty cells are skipped; exact duplicate rows within a ballot are dropped
    ///   and counted in ``ImportReport/duplicatesDropped``.
    /// - `<X> code` + `<X> name` column pairs form the area hierarchy, outermost first; the levels
    ///   above the locator's become its ancestors, created from the same row. Areas are
    ///   identified by (level, code) across all ballots; names differing only in case are the
    ///   same spelling, other differences are warnings and the first spelling is kept.
    /// - Area ids come from `AreaID.disambiguate` over every area in (level, code) order, so the
    ///   same data always gets the same ids.
    /// - Parties are keyed by the slug of their name (or abbreviation) across ballots; an empty
    ///   party, `Independent` or `IND` means an independent candidate.
    ///
    /// - Parameters:
    ///   - site: the site settings to put in the dataset.
    ///   - ballots: the ballots, in display order.
    ///   - options: how to clean text.
    /// - Throws: ``ImportFailure``.
    public static func importBallots(
        site: SiteSettings,
        ballots: [BallotSource],
        options: ImportOptions = ImportOptions()
    ) throws -> ImportResult {
        var run = ImportRun(options: options)
        run.checkBallotKeys(ballots)
        for (position, ballot) in ballots.enumerated() {
            run.importBallot(ballot, position: position)
        }
        return try run.finish(site: site)
    }
}
